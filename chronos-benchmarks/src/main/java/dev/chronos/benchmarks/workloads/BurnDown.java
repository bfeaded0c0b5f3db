package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.SystemRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Burn-down: N no-op jobs due now are stored while the system is stopped; the clock starts with
 * {@link SystemRun#start()} and stops when every job has run and its completion is stored. Reports
 * jobs per second: the median of R runs, each on a fresh system (a store's background work, such as
 * PostgreSQL's autovacuum or a checkpoint, can halve one run), with the slowest and fastest, after
 * W warm-up runs that are not counted (a system's first run in the JVM runs mostly interpreted). A
 * run longer than a minute ends the series: it is counted even as a warm-up, and not repeated.
 */
public final class BurnDown implements Workload {
  /** The workload's name. */
  public static final String NAME = "burn-down";

  /** The metric: completed jobs per second. */
  public static final String JOBS_PER_SECOND = "jobs/s";

  /**
   * A run longer than this is not repeated and, if it was a warm-up, counted: over a minute the
   * JIT's warm-up is a small share, and Quartz's JDBC store would otherwise spend most of an hour
   * repeating a burn-down that is two orders of magnitude slower than the others.
   */
  static final double LONG_RUN_SECONDS = 60;

  /** The slowest of the runs. */
  public static final String MIN = "min jobs/s";

  /** The fastest of the runs. */
  public static final String MAX = "max jobs/s";

  private final int jobs;
  private final int warmups;
  private final int repeat;

  /**
   * A burn-down of this many jobs, run this many times after some uncounted runs.
   *
   * @param jobs N
   * @param warmups W, runs not counted
   * @param repeat R, at least 1
   */
  public BurnDown(int jobs, int warmups, int repeat) {
    this.jobs = jobs;
    this.warmups = warmups;
    this.repeat = repeat;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean appliesTo(BenchmarkedSystem system) {
    return true;
  }

  @Override
  public void run(BenchmarkedSystem system, RunSettings settings, Results results)
      throws Exception {
    List<Double> counted = new ArrayList<>();
    for (int i = 0; i < warmups + repeat; i++) {
      double s = once(system, settings);
      if (i >= warmups) {
        counted.add(s);
      }
      if (s > LONG_RUN_SECONDS) {
        if (counted.isEmpty()) {
          counted.add(s);
        }
        System.out.printf(
            "  %s: a run took %.0f s; measured from %d run(s), not repeated%n",
            system.name(), s, counted.size());
        break;
      }
    }
    double[] seconds = counted.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = seconds[seconds.length / 2];
    results.add(system.name(), NAME, JOBS_PER_SECOND, jobs / median);
    results.add(system.name(), NAME, "seconds", median);
    results.add(system.name(), NAME, "runs", seconds.length);
    if (seconds.length > 1) {
      results.add(system.name(), NAME, MIN, jobs / seconds[seconds.length - 1]);
      results.add(system.name(), NAME, MAX, jobs / seconds[0]);
    }
  }

  private double once(BenchmarkedSystem system, RunSettings settings) throws Exception {
    CountDownLatch done = new CountDownLatch(jobs);
    try (SystemRun run = system.open(settings, due -> done.countDown())) {
      run.schedule(Collections.nCopies(jobs, Instant.now()));
      long t0 = System.nanoTime();
      run.start();
      Progress.await(system.name() + " burn-down", done, jobs, Duration.ofSeconds(60 + jobs / 10));
      run.awaitCompletionsStored(Duration.ofSeconds(60));
      return (System.nanoTime() - t0) / 1e9;
    }
  }
}
