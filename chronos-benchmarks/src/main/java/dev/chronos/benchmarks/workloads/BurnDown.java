package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.SystemRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Burn-down: N no-op jobs due now are stored while the system is stopped; the clock starts with
 * {@link SystemRun#start()} and stops when every job has run and its completion is stored. Reports
 * jobs per second: the median of R runs, each on a fresh system (a store's background work, such as
 * PostgreSQL's autovacuum or a checkpoint, can halve one run), with the slowest and fastest, after
 * W warm-up runs that are not counted (a system's first run in the JVM runs mostly interpreted),
 * the systems taking turns in each round ({@link Rounds}); with CPU time per job. A run longer than
 * a minute ends the series: it is counted even as a warm-up, and not repeated.
 */
public final class BurnDown implements Rounds {
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

  /**
   * The metric: CPU time of this JVM per job, in microseconds (the median run's; embedded H2's
   * included, a PostgreSQL server's not).
   */
  public static final String CPU_PER_JOB = "cpu µs/job";

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
  public int warmups() {
    return warmups;
  }

  @Override
  public int repeat() {
    return repeat;
  }

  @Override
  public boolean tooLong(double[] sample) {
    return sample[0] > LONG_RUN_SECONDS;
  }

  /** Seconds and CPU seconds of one burn-down. */
  @Override
  public double[] once(BenchmarkedSystem system, RunSettings settings) throws Exception {
    CountDownLatch done = new CountDownLatch(jobs);
    try (SystemRun run = system.open(settings, due -> done.countDown())) {
      Seeding.seed(run, system, settings);
      run.schedule(Collections.nCopies(jobs, Instant.now()));
      long cpu0 = ProcessCpu.nanos();
      long t0 = System.nanoTime();
      run.start();
      Progress.await(system.name() + " burn-down", done, jobs, Duration.ofSeconds(60 + jobs / 10));
      run.awaitCompletionsStored(Duration.ofSeconds(60));
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = (ProcessCpu.nanos() - cpu0) / 1e9;
      return new double[] {seconds, cpu};
    }
  }

  @Override
  public void report(BenchmarkedSystem system, List<double[]> samples, Results results) {
    double[] seconds = samples.stream().mapToDouble(s -> s[0]).sorted().toArray();
    double median = seconds[seconds.length / 2];
    results.add(system.name(), NAME, JOBS_PER_SECOND, jobs / median);
    results.add(system.name(), NAME, "seconds", median);
    results.add(system.name(), NAME, CPU_PER_JOB, Rounds.median(samples, 1) * 1e6 / jobs);
    results.add(system.name(), NAME, "runs", seconds.length);
    if (seconds.length > 1) {
      results.add(system.name(), NAME, MIN, jobs / seconds[seconds.length - 1]);
      results.add(system.name(), NAME, MAX, jobs / seconds[0]);
    }
  }
}
