package dev.chronos.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A running execution whose lease has ended without an answer.
 *
 * @param executionId the execution
 * @param jobId its job
 * @param attempt its attempt number
 * @param leaseExpiresAt when its lease ended
 */
public record ExpiredLease(UUID executionId, UUID jobId, int attempt, Instant leaseExpiresAt) {
  /** Checks that the parts are present. */
  public ExpiredLease {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
  }
}
