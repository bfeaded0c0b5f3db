package dev.chronos.benchmarks.systems;

/**
 * One system under test: a scheduler in one configuration (store, polling, strategy, nodes) or a
 * physical baseline. Every workload opens a fresh {@link SystemRun} with its own tables, so runs do
 * not see each other's jobs. Implementations are stateless and thread-safe.
 */
public interface BenchmarkedSystem {

  /**
   * The name used in options, tables and charts, for example {@code chronos-h2}.
   *
   * @return the name
   */
  String name();

  /**
   * What the system is, in a few words for the report, for example {@code db-scheduler 16.7.1, H2
   * file, polling 100 ms, fetch-and-lock-on-execute}.
   *
   * @return the description
   */
  String describe();

  /**
   * Whether the system needs the PostgreSQL server.
   *
   * @return true for PostgreSQL systems
   */
  boolean needsPostgres();

  /**
   * Whether the system needs the MariaDB server.
   *
   * @return true for MariaDB systems
   */
  default boolean needsMariaDb() {
    return false;
  }

  /**
   * Whether jobs stored while the system runs are submitted through a node that has no handlers, so
   * that another node must find and start them (the cross-node start workload).
   *
   * @return true for the two-node configurations made for it
   */
  default boolean submitsFromAnotherNode() {
    return false;
  }

  /**
   * Whether the keyed-submit workload should run on this system: only one configuration of each
   * store measures it (polling settings do not change how a submit is stored).
   *
   * @return true if submit rates are measured here
   */
  default boolean measuresSubmits() {
    return false;
  }

  /**
   * Whether the heap-per-pending-job workload applies: the store keeps jobs on the heap.
   *
   * @return true for in-memory stores
   */
  default boolean keepsJobsOnHeap() {
    return false;
  }

  /**
   * Opens a stopped system on fresh tables (or a fresh in-memory store).
   *
   * @param settings thread count, pool size, database
   * @param probe told each time a job's handler runs
   * @return the run; close it to stop the system and drop its tables
   * @throws Exception if the system cannot be set up
   */
  SystemRun open(RunSettings settings, JobProbe probe) throws Exception;
}
