package dev.chronos.benchmarks.systems;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One opened system: no-op jobs can be stored before or after {@link #start()}. Closing stops the
 * system and removes its tables or files. Not thread-safe: one workload drives it.
 */
public interface SystemRun extends AutoCloseable {

  /**
   * Stores no-op jobs due at these times, in as few round trips as the system allows.
   *
   * @param dueTimes one job per due time
   * @throws Exception if the system refuses them
   */
  void schedule(List<Instant> dueTimes) throws Exception;

  /**
   * Starts running due jobs.
   *
   * @throws Exception if the system cannot start
   */
  void start() throws Exception;

  /**
   * Stores many no-op jobs due far in the future, the first at {@code first} and then one every
   * microsecond, by the fastest route the system has (a single SQL statement where the harness
   * knows the schema). Only the heap of the running system is measured afterwards, not this.
   *
   * @param jobs how many
   * @param first the first due time
   * @throws Exception if the system refuses them
   */
  default void storeInBulk(int jobs, Instant first) throws Exception {
    int chunk = 10_000;
    for (int i = 0; i < jobs; i += chunk) {
      List<Instant> dueTimes = new ArrayList<>(chunk);
      for (int j = i; j < Math.min(jobs, i + chunk); j++) {
        dueTimes.add(first.plusNanos(j * 1000L));
      }
      schedule(dueTimes);
    }
  }

  /**
   * Fills the system's fresh tables with {@code rows} rows of other handlers before a workload, as
   * a busy production table would hold them: nine in ten finished (with their executions where the
   * system keeps them), one in ten due now for a handler no node runs. Systems that cannot say
   * which rows a node would take leave their tables empty.
   *
   * @param rows how many
   * @return true if the tables were seeded
   * @throws Exception if the database refuses the rows
   */
  default boolean seed(int rows) throws Exception {
    return false;
  }

  /**
   * Waits until the completion of every job whose handler ran is stored. Systems whose probe only
   * fires after that, or that keep nothing, return at once.
   *
   * @param timeout the most to wait
   * @throws Exception if the wait fails or times out
   */
  default void awaitCompletionsStored(Duration timeout) throws Exception {}

  /**
   * Submits with idempotency keys, or null if the system has no equivalent.
   *
   * @return the keyed submitter, or null
   */
  default KeyedSubmitter keyed() {
    return null;
  }

  @Override
  void close() throws Exception;
}
