package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.SystemRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;

/**
 * Burn-down: N no-op jobs due now are stored while the system is stopped; the clock starts with
 * {@link SystemRun#start()} and stops when every job has run and its completion is stored. Reports
 * jobs per second: the median of R runs, each on a fresh system (a store's background work, such as
 * PostgreSQL's autovacuum or a checkpoint, can halve one run), with the slowest and fastest, after
 * W warm-up runs that are not counted (a system's first run in the JVM runs mostly interpreted).
 */
public final class BurnDown implements Workload {
  /** The workload's name. */
  public static final String NAME = "burn-down";

  /** The metric: completed jobs per second. */
  public static final String JOBS_PER_SECOND = "jobs/s";

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
    for (int i = 0; i < warmups; i++) {
      once(system, settings);
    }
    double[] seconds = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      seconds[i] = once(system, settings);
    }
    Arrays.sort(seconds);
    double median = seconds[repeat / 2];
    results.add(system.name(), NAME, JOBS_PER_SECOND, jobs / median);
    results.add(system.name(), NAME, "seconds", median);
    if (repeat > 1) {
      results.add(system.name(), NAME, MIN, jobs / seconds[repeat - 1]);
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
