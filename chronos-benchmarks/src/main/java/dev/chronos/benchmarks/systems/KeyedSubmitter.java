package dev.chronos.benchmarks.systems;

import java.time.Instant;
import java.util.List;

/**
 * Submits jobs that carry an idempotency key (or the system's equivalent: a task instance id, a job
 * key, a unique column), the way an application that must not create duplicates would.
 */
public interface KeyedSubmitter {

  /**
   * Submits one job.
   *
   * @param key its unique key
   * @param due when it is due
   * @throws Exception if the system refuses it
   */
  void submit(String key, Instant due) throws Exception;

  /**
   * Submits several jobs in one call.
   *
   * @param keys their unique keys
   * @param due when they are due
   * @throws Exception if the system refuses them
   */
  void submitBatch(List<String> keys, Instant due) throws Exception;
}
