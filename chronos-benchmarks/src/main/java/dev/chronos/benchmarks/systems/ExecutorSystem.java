package dev.chronos.benchmarks.systems;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory physical baseline: a bare {@link ScheduledThreadPoolExecutor} with the same number
 * of threads, running the same no-op jobs. Nothing is stored, nothing is claimed: no scheduler on
 * the heap can beat it. Jobs scheduled before {@link SystemRun#start()} are held in a list and
 * handed to the executor when it starts.
 */
public final class ExecutorSystem implements BenchmarkedSystem {

  @Override
  public String name() {
    return "executor";
  }

  @Override
  public String describe() {
    return "java.util.concurrent.ScheduledThreadPoolExecutor (baseline, nothing stored)";
  }

  @Override
  public boolean needsPostgres() {
    return false;
  }

  @Override
  public boolean keepsJobsOnHeap() {
    return true;
  }

  @Override
  public SystemRun open(RunSettings settings, JobProbe probe) {
    return new Run(settings.threads(), probe);
  }

  private static final class Run implements SystemRun {
    private final ScheduledThreadPoolExecutor executor;
    private final JobProbe probe;
    private List<Instant> held = new ArrayList<>();

    Run(int threads, JobProbe probe) {
      this.executor = new ScheduledThreadPoolExecutor(threads);
      this.probe = probe;
    }

    @Override
    public void schedule(List<Instant> dueTimes) {
      if (held != null) {
        held.addAll(dueTimes);
        return;
      }
      for (Instant due : dueTimes) {
        long delay = Duration.between(Instant.now(), due).toNanos();
        executor.schedule(() -> probe.ran(due), delay, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void start() {
      List<Instant> pending = held;
      held = null;
      schedule(pending);
    }

    @Override
    public void close() throws InterruptedException {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
