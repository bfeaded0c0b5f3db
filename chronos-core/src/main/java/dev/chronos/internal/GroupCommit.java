package dev.chronos.internal;

import dev.chronos.spi.ExecutionOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Records outcomes of concurrent attempts together: each caller hands its outcome over and waits
 * until the batch holding it was written, so to the caller recording stays synchronous while the
 * store sees one call (one transaction, one commit) per batch instead of one per attempt.
 *
 * <p>Threads: one {@code <lane>-recorder} thread takes whatever has queued up (at most {@value
 * #MAX_BATCH}) and writes it through {@code sink}. After {@link #stop()}, and before {@link
 * #start()}, callers write their own outcome directly.
 */
final class GroupCommit {
  static final int MAX_BATCH = 256;

  /** One outcome waiting to be written; {@code outcome == null} is the stop marker. */
  private record Pending(ExecutionOutcome outcome, CountDownLatch written) {}

  private final String name;
  private final Consumer<List<ExecutionOutcome>> sink;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private volatile boolean running;
  private Thread thread;

  GroupCommit(String name, Consumer<List<ExecutionOutcome>> sink) {
    this.name = name;
    this.sink = sink;
  }

  void start() {
    running = true;
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Writes the outcome (in the next batch) and returns once it was written. */
  void record(ExecutionOutcome outcome) {
    if (!running) {
      sink.accept(List.of(outcome));
      return;
    }
    Pending p = new Pending(outcome, new CountDownLatch(1));
    queue.add(p);
    boolean interrupted = false;
    while (true) {
      try {
        if (p.written.await(1, TimeUnit.SECONDS) || !thread.isAlive()) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (p.written.getCount() > 0 && queue.remove(p)) {
      sink.accept(List.of(outcome)); // the recorder is gone: write it here
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      List<ExecutionOutcome> outcomes = new ArrayList<>(batch.size());
      boolean stop = false;
      for (Pending p : batch) {
        if (p.outcome == null) {
          stop = true;
        } else {
          outcomes.add(p.outcome);
        }
      }
      try {
        if (!outcomes.isEmpty()) {
          sink.accept(outcomes);
        }
      } finally {
        batch.forEach(p -> p.written.countDown());
        batch.clear();
      }
      if (stop && queue.isEmpty()) {
        return;
      }
    }
  }

  /** Writes what is queued, then lets callers write directly. */
  void stop() {
    Thread t = thread;
    if (t == null) {
      return;
    }
    queue.add(new Pending(null, new CountDownLatch(1)));
    try {
      t.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
  }
}
