package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.SystemRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Cross-node start: with the system started, N jobs due now are submitted one at a time, one every
 * {@code every}, through a node that has no handlers; the node with the handler must learn of each
 * from the store (on PostgreSQL a NOTIFY, on MariaDB its next poll). Each job's latency is the wall
 * clock when its handler started minus its due time (the moment of its submit). The pace is not a
 * divisor of the poll interval, so the submits fall at every phase of the poll. Reports p50, p99
 * and max. Applies to the systems that submit through another node.
 */
public final class CrossNodeStart implements Workload {
  /** The workload's name. */
  public static final String NAME = "cross-node";

  private final int jobs;
  private final Duration every;

  /**
   * A cross-node run.
   *
   * @param jobs N
   * @param every the time between two submits
   */
  public CrossNodeStart(int jobs, Duration every) {
    this.jobs = jobs;
    this.every = every;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean appliesTo(BenchmarkedSystem system) {
    return system.submitsFromAnotherNode();
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
      run.start();
      long t0 = System.nanoTime();
      for (int i = 0; i < jobs; i++) {
        // Paced against the start, so a slow submit does not shift the ones after it.
        long wait = t0 + every.toNanos() * i - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        run.schedule(List.of(Instant.now()));
      }
      Progress.await(system.name() + " cross-node", done, jobs, Duration.ofSeconds(90));
    }
    Lateness latency = new Lateness(Arrays.copyOf(samples, Math.min(next.get(), jobs)));
    String s = system.name();
    results.add(s, NAME, "p50 ms", latency.percentileMillis(50));
    results.add(s, NAME, "p99 ms", latency.percentileMillis(99));
    results.add(s, NAME, "max ms", latency.maxMillis());
  }
}
