package dev.chronos.benchmarks.workloads;

import java.lang.management.ManagementFactory;

/** Heap in use after full collections, as {@link java.lang.management.MemoryMXBean} reports it. */
final class Heap {
  private Heap() {}

  /** Collects until the used heap stops shrinking (at most 5 rounds) and returns it in bytes. */
  static long usedAfterGc() throws InterruptedException {
    long previous = Long.MAX_VALUE;
    long used = 0;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (used >= previous - 64 * 1024) {
        break;
      }
      previous = used;
    }
    return used;
  }
}
