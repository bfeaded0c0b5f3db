package dev.chronos;

import java.util.UUID;

/**
 * A job with the same idempotency key already exists in the account (API code {@code
 * idempotency_key_conflict}, HTTP 409). No job was created; {@link #existingJobId()} names the job
 * that holds the key.
 */
public final class IdempotencyKeyConflictException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final String account;
  private final String idempotencyKey;
  private final UUID existingJobId;

  /**
   * Creates the exception.
   *
   * @param account the account the key is scoped to
   * @param idempotencyKey the key that was already taken
   * @param existingJobId the job that holds the key
   */
  public IdempotencyKeyConflictException(
      String account, String idempotencyKey, UUID existingJobId) {
    super(
        "idempotency_key_conflict",
        "Idempotency key '"
            + idempotencyKey
            + "' is already held by job "
            + existingJobId
            + " in account '"
            + account
            + "'");
    this.account = account;
    this.idempotencyKey = idempotencyKey;
    this.existingJobId = existingJobId;
  }

  /**
   * Returns the account the key is scoped to.
   *
   * @return the account
   */
  public String account() {
    return account;
  }

  /**
   * Returns the key that was already taken.
   *
   * @return the idempotency key
   */
  public String idempotencyKey() {
    return idempotencyKey;
  }

  /**
   * Returns the id of the job that holds the key.
   *
   * @return the existing job's id
   */
  public UUID existingJobId() {
    return existingJobId;
  }
}
