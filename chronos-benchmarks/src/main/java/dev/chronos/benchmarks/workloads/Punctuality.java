package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.SystemRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Punctuality: the system is started, then M jobs due evenly over S seconds (the first after a
 * short lead) are stored in one call. Each job's lateness is the wall-clock time its handler
 * started minus the due time the system hands the job (signed: early is negative). Reports p50,
 * p99, p99.9, max and the early count.
 */
public final class Punctuality implements Workload {
  /** The workload's name. */
  public static final String NAME = "punctuality";

  private final int jobs;
  private final Duration spread;
  private final Duration lead;

  /**
   * A punctuality run.
   *
   * @param jobs M
   * @param spread S: the jobs are due evenly over this span
   * @param lead time from the submit to the first due time
   */
  public Punctuality(int jobs, Duration spread, Duration lead) {
    this.jobs = jobs;
    this.spread = spread;
    this.lead = lead;
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
    long[] samples = new long[jobs];
    AtomicInteger next = new AtomicInteger();
    try (SystemRun run =
        system.open(
            settings,
            due -> {
              long late = Duration.between(due, Instant.now()).toNanos();
              int i = next.getAndIncrement();
              if (i < samples.length) {
                samples[i] = late;
              }
              done.countDown();
            })) {
      Seeding.seed(run, system, settings);
      run.start();
      Instant first = Instant.now().plus(lead);
      long stepNanos = spread.toNanos() / jobs;
      List<Instant> dueTimes = new ArrayList<>(jobs);
      for (int i = 0; i < jobs; i++) {
        dueTimes.add(first.plusNanos(stepNanos * i));
      }
      run.schedule(dueTimes);
      Progress.await(
          system.name() + " punctuality",
          done,
          jobs,
          lead.plus(spread).plus(Duration.ofSeconds(90)));
    }
    Lateness lateness = new Lateness(Arrays.copyOf(samples, Math.min(next.get(), jobs)));
    String s = system.name();
    results.add(s, NAME, "p50 ms", lateness.percentileMillis(50));
    results.add(s, NAME, "p99 ms", lateness.percentileMillis(99));
    results.add(s, NAME, "p99.9 ms", lateness.percentileMillis(99.9));
    results.add(s, NAME, "max ms", lateness.maxMillis());
    results.add(s, NAME, "early", lateness.early());
    results.lateness(s, lateness);
  }
}
