package dev.chronos.http;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An attempt claimed over HTTP, remembered so that a worker's report, which names only the
 * execution id, can be checked against the account of the key it comes with and applied to the
 * right job, on whichever server sharing the store receives it.
 *
 * @param executionId the attempt (lease token)
 * @param jobId its job
 * @param account the job's account
 * @param attempt 1 for the first attempt
 * @param deadline the end of its lease as last known
 */
public record WorkerClaim(
    UUID executionId, UUID jobId, String account, int attempt, Instant deadline) {
  /** Checks the fields. */
  public WorkerClaim {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(deadline, "deadline");
  }
}
