package dev.chronos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.internal.JobJson;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One attempt to run a job. Immutable snapshot.
 *
 * @param id the execution id: unique per attempt, and the token of the attempt's lease
 * @param jobId the job
 * @param attempt 1 for the first attempt, +1 per retry
 * @param trigger what started the attempt
 * @param status the attempt's outcome, {@code RUNNING} until it reports
 * @param startedAt when the attempt was claimed
 * @param finishedAt when it finished, or null while running
 * @param leaseExpiresAt when the attempt's lease ends if it does not report first
 * @param error the failure, or null
 * @param result the handler's result (JSON), or null
 * @param node the node (or pull worker) that ran the attempt
 * @param httpStatus for push delivery, the endpoint's HTTP status, or null
 */
public record Execution(
    UUID id,
    UUID jobId,
    int attempt,
    ExecutionTrigger trigger,
    ExecutionStatus status,
    Instant startedAt,
    Instant finishedAt,
    Instant leaseExpiresAt,
    String error,
    JsonNode result,
    String node,
    Integer httpStatus) {

  /** Checks that the required parts are present. */
  public Execution {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
    }
  }

  /**
   * Writes the execution in the API's snake_case JSON.
   *
   * @return a new JSON object
   */
  public ObjectNode toJson() {
    return JobJson.write(this);
  }

  /**
   * The result (JSON), or null; a copy, so the snapshot cannot be changed through it.
   *
   * @return a copy of the result
   */
  public JsonNode result() {
    return result == null ? null : result.deepCopy();
  }
}
