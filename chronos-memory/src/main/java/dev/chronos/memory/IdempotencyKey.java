package dev.chronos.memory;

import dev.chronos.Job;

/**
 * An idempotency key together with the account it is scoped to: the key of the store's key index.
 *
 * @param account the account
 * @param key the key
 */
record IdempotencyKey(String account, String key) {

  /**
   * The key a job holds.
   *
   * @param job the job
   * @return its key, or null if it has none
   */
  static IdempotencyKey of(Job job) {
    return job.idempotencyKey() == null
        ? null
        : new IdempotencyKey(job.account(), job.idempotencyKey());
  }
}
