package dev.chronos.examples.boot;

import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobListener;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** A {@link JobListener} bean: the starter registers every one with the node. */
@Component
public class CompletionLog implements JobListener {
  private final AtomicInteger completed = new AtomicInteger();

  @Override
  public void onCompleted(Job job, Execution execution) {
    completed.incrementAndGet();
  }

  /**
   * Jobs completed on this node since it started.
   *
   * @return the count
   */
  public int completed() {
    return completed.get();
  }
}
