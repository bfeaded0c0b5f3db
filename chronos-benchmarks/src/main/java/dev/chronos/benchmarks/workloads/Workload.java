package dev.chronos.benchmarks.workloads;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.RunSettings;

/** One kind of measurement, run on one system at a time. */
public interface Workload {

  /**
   * The workload's name in options and tables, for example {@code burn-down}.
   *
   * @return the name
   */
  String name();

  /**
   * Whether the workload has a meaning for this system.
   *
   * @param system the system
   * @return true if it should run there
   */
  boolean appliesTo(BenchmarkedSystem system);

  /**
   * Measures one system and adds the numbers to the results.
   *
   * @param system the system
   * @param settings what every system gets alike
   * @param results where the numbers go
   * @throws Exception if the run fails; nothing was added then
   */
  void run(BenchmarkedSystem system, RunSettings settings, Results results) throws Exception;
}
