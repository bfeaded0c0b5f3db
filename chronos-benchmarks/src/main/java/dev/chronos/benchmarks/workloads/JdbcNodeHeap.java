package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.SystemRun;
import java.time.Duration;
import java.time.Instant;

/**
 * A JDBC node's heap with many far-future jobs stored: the node is started on empty tables and its
 * JVM's used heap measured after full GCs; then N jobs due in a day are stored (one SQL statement,
 * not through the node), the node is left to poll the store for a few intervals, and the heap is
 * measured again. A node that keeps only its look-ahead window in memory shows no growth.
 */
public final class JdbcNodeHeap implements Workload {
  /** The workload's name. */
  public static final String NAME = "jdbc-heap";

  /** The metric: heap growth in MB after the jobs were stored. */
  public static final String GROWTH_MB = "growth MB";

  private final String systemName;
  private final int jobs;
  private final Duration settle;

  /**
   * A JDBC-node heap measurement.
   *
   * @param systemName the system it applies to, for example {@code chronos-pg}
   * @param jobs N
   * @param settle how long the node polls the filled store before the second measurement
   */
  public JdbcNodeHeap(String systemName, int jobs, Duration settle) {
    this.systemName = systemName;
    this.jobs = jobs;
    this.settle = settle;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean appliesTo(BenchmarkedSystem system) {
    return system.name().equals(systemName);
  }

  @Override
  public void run(BenchmarkedSystem system, RunSettings settings, Results results)
      throws Exception {
    try (SystemRun run = system.open(settings, due -> {})) {
      run.start();
      Thread.sleep(settle.toMillis());
      long empty = Heap.usedAfterGc();
      long t0 = System.nanoTime();
      run.storeInBulk(jobs, Instant.now().plus(Duration.ofDays(1)));
      System.out.printf(
          "      %s: stored %,d far-future jobs in %.1f s%n",
          system.name(), jobs, (System.nanoTime() - t0) / 1e9);
      Thread.sleep(settle.toMillis());
      long full = Heap.usedAfterGc();
      results.add(system.name(), NAME, "jobs stored", jobs);
      results.add(system.name(), NAME, "heap empty MB", empty / 1e6);
      results.add(system.name(), NAME, "heap with jobs MB", full / 1e6);
      results.add(system.name(), NAME, GROWTH_MB, (full - empty) / 1e6);
    }
  }
}
