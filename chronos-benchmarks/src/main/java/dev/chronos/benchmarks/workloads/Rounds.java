package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload measured in rounds: the harness runs every system once per round, in turn, so that a
 * change in the machine's load during the run (other processes, a JIT or GC phase of the harness,
 * the database's background work) falls on every system alike, and ratios taken in one run stay
 * meaningful. The first {@link #warmups()} rounds are not counted; each system's counted samples
 * are then reported by {@link #report}.
 */
public interface Rounds extends Workload {

  /**
   * Rounds run before the counted ones, not counted.
   *
   * @return W, 0 or more
   */
  int warmups();

  /**
   * Counted rounds.
   *
   * @return R, at least 1
   */
  int repeat();

  /**
   * One measurement on a fresh system.
   *
   * @param system the system
   * @param settings what every system gets alike
   * @return the sample, as the workload's {@link #report} reads it
   * @throws Exception if the run fails
   */
  double[] once(BenchmarkedSystem system, RunSettings settings) throws Exception;

  /**
   * Whether a sample took so long that the system should not run again (it then counts even as a
   * warm-up).
   *
   * @param sample what {@link #once} gave
   * @return true to stop measuring this system
   */
  default boolean tooLong(double[] sample) {
    return false;
  }

  /**
   * Adds a system's numbers from its counted samples.
   *
   * @param system the system
   * @param samples the counted samples, at least one
   * @param results where the numbers go
   */
  void report(BenchmarkedSystem system, List<double[]> samples, Results results);

  /** Runs the rounds of one system alone (when the harness does not interleave). */
  @Override
  default void run(BenchmarkedSystem system, RunSettings settings, Results results)
      throws Exception {
    List<double[]> counted = new ArrayList<>();
    for (int i = 0; i < warmups() + repeat(); i++) {
      double[] sample = once(system, settings);
      if (i >= warmups() || tooLong(sample)) {
        counted.add(sample);
      }
      if (tooLong(sample)) {
        break;
      }
    }
    report(system, counted, results);
  }

  /**
   * The median of one field of the samples.
   *
   * @param samples the samples
   * @param field which value of each
   * @return the median (the upper one of an even count)
   */
  static double median(List<double[]> samples, int field) {
    double[] values = samples.stream().mapToDouble(s -> s[field]).sorted().toArray();
    return values[values.length / 2];
  }
}
