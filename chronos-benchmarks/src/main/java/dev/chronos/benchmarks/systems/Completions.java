package dev.chronos.benchmarks.systems;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a system's jobs that ran and the completions it has stored, and waits for the second to
 * catch up with the first. Thread-safe.
 */
final class Completions {
  /** Jobs whose handler ran. */
  final AtomicLong ran = new AtomicLong();

  /** Completions the system has stored. */
  final AtomicLong completed = new AtomicLong();

  /** Waits until every job that ran has its completion stored. */
  void await(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (completed.get() < ran.get()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "only " + completed.get() + " of " + ran.get() + " completions were stored");
      }
      Thread.sleep(1);
    }
  }
}
