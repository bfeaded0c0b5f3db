package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.KeyedSubmitter;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.SystemRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Submit rate: N jobs with unique idempotency keys (or the system's equivalent), due in a day so
 * none runs, submitted from one thread one by one, then N more in batches. The system is not
 * started. Reports submits per second for each way.
 */
public final class SubmitRate implements Workload {
  /** The workload's name. */
  public static final String NAME = "submit";

  private final int submits;
  private final int batchSize;

  /**
   * A submit-rate run.
   *
   * @param submits N, for each of the two ways
   * @param batchSize jobs per batch
   */
  public SubmitRate(int submits, int batchSize) {
    this.submits = submits;
    this.batchSize = batchSize;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean appliesTo(BenchmarkedSystem system) {
    return system.measuresSubmits();
  }

  @Override
  public void run(BenchmarkedSystem system, RunSettings settings, Results results)
      throws Exception {
    try (SystemRun run = system.open(settings, due -> {})) {
      KeyedSubmitter keyed = run.keyed();
      if (keyed == null) {
        results.note(system.name() + ": no keyed submit, submit rate not measured");
        return;
      }
      Instant due = Instant.now().plus(Duration.ofDays(1));
      long t0 = System.nanoTime();
      for (int i = 0; i < submits; i++) {
        keyed.submit("one-" + i, due);
      }
      double oneByOne = submits / ((System.nanoTime() - t0) / 1e9);
      System.out.printf("      %s: %,.0f submits/s one by one%n", system.name(), oneByOne);
      t0 = System.nanoTime();
      List<String> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < submits; i++) {
        batch.add("batch-" + i);
        if (batch.size() == batchSize || i == submits - 1) {
          keyed.submitBatch(batch, due);
          batch = new ArrayList<>(batchSize);
        }
      }
      double batched = submits / ((System.nanoTime() - t0) / 1e9);
      results.add(system.name(), NAME, "one by one /s", oneByOne);
      results.add(system.name(), NAME, "batches of " + batchSize + " /s", batched);
    }
  }
}
