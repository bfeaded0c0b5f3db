package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.SystemRun;
import java.time.Duration;
import java.time.Instant;

/**
 * Heap per pending job for systems that keep jobs on the heap: the used heap after full GCs with
 * the system started and empty, then after N no-op jobs due in a day were stored (each with its own
 * due time); the difference divided by N. Everything the store keeps per job counts: the job, its
 * indexes, its due-time entry.
 */
public final class HeapPerPendingJob implements Workload {
  /** The workload's name. */
  public static final String NAME = "heap";

  /** The metric: bytes of heap per pending job. */
  public static final String BYTES_PER_JOB = "bytes/job";

  private final int jobs;

  /**
   * A heap measurement with this many pending jobs.
   *
   * @param jobs N
   */
  public HeapPerPendingJob(int jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean appliesTo(BenchmarkedSystem system) {
    return system.keepsJobsOnHeap();
  }

  @Override
  public void run(BenchmarkedSystem system, RunSettings settings, Results results)
      throws Exception {
    try (SystemRun run = system.open(settings, due -> {})) {
      run.start();
      long before = Heap.usedAfterGc();
      Instant first = Instant.now().plus(Duration.ofDays(1));
      run.storeInBulk(jobs, first);
      long after = Heap.usedAfterGc();
      results.add(system.name(), NAME, "jobs", jobs);
      results.add(system.name(), NAME, BYTES_PER_JOB, (after - before) / (double) jobs);
      results.add(system.name(), NAME, "heap MB", (after - before) / 1e6);
    }
  }
}
