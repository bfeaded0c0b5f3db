package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.SystemRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;

/**
 * Burn-down: N no-op jobs due now are stored while the system is stopped; the clock starts with
 * {@link SystemRun#start()} and stops when every job has run and its completion is stored. Reports
 * jobs per second.
 */
public final class BurnDown implements Workload {
  /** The workload's name. */
  public static final String NAME = "burn-down";

  /** The metric: completed jobs per second. */
  public static final String JOBS_PER_SECOND = "jobs/s";

  private final int jobs;

  /**
   * A burn-down of this many jobs.
   *
   * @param jobs N
   */
  public BurnDown(int jobs) {
    this.jobs = jobs;
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
    CountDownLatch done = new CountDownLatch(jobs);
    try (SystemRun run = system.open(settings, due -> done.countDown())) {
      run.schedule(Collections.nCopies(jobs, Instant.now()));
      long t0 = System.nanoTime();
      run.start();
      Progress.await(system.name() + " burn-down", done, jobs, Duration.ofSeconds(60 + jobs / 50));
      run.awaitCompletionsStored(Duration.ofSeconds(60));
      double seconds = (System.nanoTime() - t0) / 1e9;
      results.add(system.name(), NAME, JOBS_PER_SECOND, jobs / seconds);
      results.add(system.name(), NAME, "seconds", seconds);
    }
  }
}
