package dev.chronos;

import java.util.UUID;

/**
 * The execution is no longer the job's current lease holder: its lease ended (the job was timed out
 * and may run again elsewhere) or the execution already finished. Nothing was changed (API code
 * {@code lease_expired}).
 */
public final class LeaseExpiredException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final UUID executionId;

  /**
   * Creates the exception.
   *
   * @param executionId the execution whose lease is no longer valid
   */
  public LeaseExpiredException(UUID executionId) {
    super("lease_expired", "The lease of execution " + executionId + " has ended");
    this.executionId = executionId;
  }

  /**
   * Returns the execution whose lease is no longer valid.
   *
   * @return the execution id
   */
  public UUID executionId() {
    return executionId;
  }
}
