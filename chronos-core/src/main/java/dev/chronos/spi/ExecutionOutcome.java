package dev.chronos.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.ExecutionStatus;
import dev.chronos.JobStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How an execution ended, as the engine reports it to {@link JobStore#finish}.
 *
 * <p>{@code COMPLETED} completes the job with {@code result} (its {@code lastError} stays as it
 * was). Otherwise the job is retried at {@code retryAt} when that is set and retries remain (a
 * released execution does not use up a retry), and fails for good when {@code retryAt} is null or
 * no retries remain. Retries remain while {@code job.attempts − uncounted attempts ≤ maxRetries},
 * counting the attempt that just ended (uncounted: attempts released, and every attempt before a
 * manual {@link JobStore#retry}): a job runs at most {@code maxRetries + 1} counted attempts. A
 * retried or released job becomes {@code RETRYING} with {@code runAt = retryAt}; a job that fails
 * for good becomes {@code FAILED} and keeps its {@code runAt}. Every outcome but {@code COMPLETED}
 * sets the job's {@code lastError} to {@code error}.
 *
 * @param executionId the execution, which must still hold the job's lease
 * @param status {@code COMPLETED}, {@code FAILED} or {@code TIMED_OUT}
 * @param result the handler's result, for {@code COMPLETED}
 * @param error what went wrong, for the other statuses
 * @param httpStatus the push endpoint's HTTP status, or null
 * @param retryAt when the next attempt may run, or null for a failure that must not be retried
 * @param released true when the node gave the job back unfinished (shutdown): the attempt is
 *     recorded as {@code FAILED} but does not count against {@code max_retries}
 */
public record ExecutionOutcome(
    UUID executionId,
    ExecutionStatus status,
    JsonNode result,
    String error,
    Integer httpStatus,
    Instant retryAt,
    boolean released) {

  /** Checks the combination. */
  public ExecutionOutcome {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(status, "status");
    if (status == ExecutionStatus.RUNNING) {
      throw new IllegalArgumentException("an outcome cannot be RUNNING");
    }
    if (status == ExecutionStatus.COMPLETED && (retryAt != null || released)) {
      throw new IllegalArgumentException("a completed execution is neither retried nor released");
    }
    if (released && retryAt == null) {
      throw new IllegalArgumentException("a released execution needs a retryAt");
    }
  }

  /**
   * The attempt succeeded.
   *
   * @param executionId the execution
   * @param result the result, or null
   * @return the outcome
   */
  public static ExecutionOutcome completed(UUID executionId, JsonNode result) {
    return new ExecutionOutcome(
        executionId, ExecutionStatus.COMPLETED, result, null, null, null, false);
  }

  /**
   * The attempt failed.
   *
   * @param executionId the execution
   * @param error what went wrong
   * @param retryAt when to retry if retries remain, or null to fail for good
   * @return the outcome
   */
  public static ExecutionOutcome failed(UUID executionId, String error, Instant retryAt) {
    return new ExecutionOutcome(
        executionId, ExecutionStatus.FAILED, null, error, null, retryAt, false);
  }

  /**
   * The attempt ran past its timeout or its lease ended.
   *
   * @param executionId the execution
   * @param error what happened
   * @param retryAt when to retry if retries remain
   * @return the outcome
   */
  public static ExecutionOutcome timedOut(UUID executionId, String error, Instant retryAt) {
    return new ExecutionOutcome(
        executionId, ExecutionStatus.TIMED_OUT, null, error, null, retryAt, false);
  }

  /**
   * The node gave the job back unfinished; it may run again at once elsewhere, without using a
   * retry.
   *
   * @param executionId the execution
   * @param reason why, for the execution's error
   * @param now when the job may run again
   * @return the outcome
   */
  public static ExecutionOutcome released(UUID executionId, String reason, Instant now) {
    return new ExecutionOutcome(executionId, ExecutionStatus.FAILED, null, reason, null, now, true);
  }

  /**
   * The job's status after this outcome, the one rule every store applies: {@code COMPLETED} for a
   * completion; {@code RETRYING} for a release, or for a failure with a {@code retryAt} while
   * {@code attempts − releasedBefore ≤ maxRetries}; {@code FAILED} otherwise.
   *
   * @param attempts the job's attempts, counting the one that just ended
   * @param releasedBefore the job's attempts released before this outcome
   * @param maxRetries the job's retries after the first attempt
   * @return the job's new status
   */
  public JobStatus jobStatusAfter(int attempts, int releasedBefore, int maxRetries) {
    if (status == ExecutionStatus.COMPLETED) {
      return JobStatus.COMPLETED;
    }
    if (released || (retryAt != null && attempts - releasedBefore <= maxRetries)) {
      return JobStatus.RETRYING;
    }
    return JobStatus.FAILED;
  }

  /**
   * Whether the store takes this outcome after the execution's lease ended: timeouts and releases
   * yes, completions and failures no (another attempt may already be running).
   *
   * @return true for {@code TIMED_OUT} outcomes and releases
   */
  public boolean acceptedAfterLeaseEnded() {
    return status == ExecutionStatus.TIMED_OUT || released;
  }

  /**
   * A copy carrying the push endpoint's HTTP status.
   *
   * @param httpStatus the status code
   * @return the copy
   */
  public ExecutionOutcome withHttpStatus(int httpStatus) {
    return new ExecutionOutcome(executionId, status, result, error, httpStatus, retryAt, released);
  }
}
