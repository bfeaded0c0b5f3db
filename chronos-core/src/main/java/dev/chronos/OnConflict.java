package dev.chronos;

/**
 * What {@link Chronos#submit(JobRequest, OnConflict)} does when the request's idempotency key is
 * already held by a job of its account. A request without a key never conflicts.
 */
public enum OnConflict {
  /**
   * Throw {@link IdempotencyKeyConflictException}, naming the job that holds the key; what {@link
   * Chronos#submit(JobRequest)} does.
   */
  FAIL,

  /**
   * Return the job that holds the key, whatever its payload, status or other fields: the request is
   * taken as a repeat of the one that created it. Nothing is stored or changed.
   */
  RETURN_EXISTING,

  /**
   * Return the job that holds the key if it was submitted with the same payload (compared by a
   * fingerprint of its canonical JSON, stored with the key: object keys in any order, numbers by
   * value), and throw {@link IdempotencyKeyConflictException} if the payload differs: a key reused
   * for different work is a bug the caller should hear about.
   */
  RETURN_EXISTING_IF_SAME_PAYLOAD
}
