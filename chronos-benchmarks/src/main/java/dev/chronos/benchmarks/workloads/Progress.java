package dev.chronos.benchmarks.workloads;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a count of events, printing how far it got every 2 seconds. */
final class Progress {
  private Progress() {}

  static void await(String what, CountDownLatch done, long total, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.await(2, TimeUnit.SECONDS)) {
      System.out.printf("      %s: %,d / %,d%n", what, total - done.getCount(), total);
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            what
                + " timed out after "
                + timeout.toSeconds()
                + " s at "
                + (total - done.getCount())
                + " of "
                + total);
      }
    }
  }
}
