package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.SystemRun;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --seed-rows N}: fills a freshly opened system's tables with N rows before the workload
 * (see {@link SystemRun#seed}), so that every figure can also be taken on a big table. A system
 * that cannot be seeded runs on empty tables, which the report notes.
 */
final class Seeding {
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private Seeding() {}

  static void seed(SystemRun run, BenchmarkedSystem system, RunSettings settings) throws Exception {
    if (settings.seedRows() <= 0) {
      return;
    }
    long t0 = System.nanoTime();
    if (run.seed(settings.seedRows())) {
      System.out.printf(
          "      %s: seeded %,d rows in %.1f s%n",
          system.name(), settings.seedRows(), (System.nanoTime() - t0) / 1e9);
    } else if (WARNED.add(system.name())) {
      System.out.printf("      %s: cannot be seeded; runs on empty tables%n", system.name());
    }
  }
}
