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
 * started. Reports submits per second for each way, and CPU time per submit: the median of R rounds
 * after W uncounted ones, the systems taking turns in each round ({@link Rounds}).
 */
public final class SubmitRate implements Rounds {
  /** The workload's name. */
  public static final String NAME = "submit";

  private final int submits;
  private final int batchSize;
  private final int warmups;
  private final int repeat;

  /**
   * A submit-rate run.
   *
   * @param submits N, for each of the two ways
   * @param batchSize jobs per batch
   * @param warmups rounds not counted
   * @param repeat rounds counted; the median is reported
   */
  public SubmitRate(int submits, int batchSize, int warmups, int repeat) {
    this.submits = submits;
    this.batchSize = batchSize;
    this.warmups = warmups;
    this.repeat = repeat;
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
  public int warmups() {
    return warmups;
  }

  @Override
  public int repeat() {
    return repeat;
  }

  /**
   * Submits per second one by one and in batches, and CPU microseconds per submit of each; NaN
   * values for a system without keyed submits.
   */
  @Override
  public double[] once(BenchmarkedSystem system, RunSettings settings) throws Exception {
    try (SystemRun run = system.open(settings, due -> {})) {
      KeyedSubmitter keyed = run.keyed();
      if (keyed == null) {
        return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
      }
      Seeding.seed(run, system, settings);
      Instant due = Instant.now().plus(Duration.ofDays(1));
      String round = Long.toString(System.nanoTime(), 36);
      long cpu0 = ProcessCpu.nanos();
      long t0 = System.nanoTime();
      for (int i = 0; i < submits; i++) {
        keyed.submit("one-" + round + "-" + i, due);
      }
      double oneByOne = submits / ((System.nanoTime() - t0) / 1e9);
      double cpuOne = (ProcessCpu.nanos() - cpu0) / 1e3 / submits;
      System.out.printf("      %s: %,.0f submits/s one by one%n", system.name(), oneByOne);
      cpu0 = ProcessCpu.nanos();
      t0 = System.nanoTime();
      List<String> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < submits; i++) {
        batch.add("batch-" + round + "-" + i);
        if (batch.size() == batchSize || i == submits - 1) {
          keyed.submitBatch(batch, due);
          batch = new ArrayList<>(batchSize);
        }
      }
      double batched = submits / ((System.nanoTime() - t0) / 1e9);
      double cpuBatched = (ProcessCpu.nanos() - cpu0) / 1e3 / submits;
      return new double[] {oneByOne, batched, cpuOne, cpuBatched};
    }
  }

  @Override
  public void report(BenchmarkedSystem system, List<double[]> samples, Results results) {
    if (Double.isNaN(samples.get(0)[0])) {
      results.note(system.name() + ": no keyed submit, submit rate not measured");
      return;
    }
    results.add(system.name(), NAME, "one by one /s", Rounds.median(samples, 0));
    results.add(system.name(), NAME, "batches of " + batchSize + " /s", Rounds.median(samples, 1));
    results.add(system.name(), NAME, "cpu µs/submit", Rounds.median(samples, 2));
    results.add(system.name(), NAME, "cpu µs/batched submit", Rounds.median(samples, 3));
  }
}
