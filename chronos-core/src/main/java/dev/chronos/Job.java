package dev.chronos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.internal.JobJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable snapshot of one job as stored. Obtain fresh snapshots with {@link Chronos#job}; this
 * one does not change when the job does.
 *
 * @param id the job's id (UUID v4), the same across retries: use it as the dedupe key of side
 *     effects
 * @param account the account that owns the job
 * @param name the display name
 * @param handler the handler name, or null (push delivery only)
 * @param payload the payload (a JSON object), or null
 * @param status where the job is in its lifecycle
 * @param scheduledFor when the job was first due (for a schedule's job: the nominal fire time)
 * @param runAt when the next attempt is due (equals {@code scheduledFor} until a retry moves it)
 * @param createdAt when the job was submitted
 * @param updatedAt when the job last changed
 * @param attempts how many attempts have started
 * @param maxRetries how many retries are allowed after the first attempt
 * @param timeout the per-attempt timeout
 * @param delivery pull or push
 * @param idempotencyKey the idempotency key, or null
 * @param scheduleId the schedule that spawned the job, or null for a one-off job
 * @param lastError the error of the last failed attempt, or null
 * @param result the result of the successful attempt (JSON), or null; also null in the jobs of a
 *     list ({@link Chronos#jobs}), which leave results out: {@link Chronos#job} and {@link
 *     Chronos#executions} have it
 */
public record Job(
    UUID id,
    String account,
    String name,
    String handler,
    JsonNode payload,
    JobStatus status,
    Instant scheduledFor,
    Instant runAt,
    Instant createdAt,
    Instant updatedAt,
    int attempts,
    int maxRetries,
    Duration timeout,
    Delivery delivery,
    String idempotencyKey,
    UUID scheduleId,
    String lastError,
    JsonNode result) {

  /** Checks that the required parts are present. */
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(scheduledFor, "scheduledFor");
    Objects.requireNonNull(runAt, "runAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(delivery, "delivery");
  }

  /**
   * Whether the job was submitted directly rather than spawned by a schedule.
   *
   * @return true when {@code scheduleId} is null
   */
  public boolean isOneOff() {
    return scheduleId == null;
  }

  /**
   * Writes the job in the API's snake_case JSON with ISO-8601 times ({@code run_at}, {@code
   * max_retries}, {@code timeout} in seconds, {@code status} in lower case, ...), with a push
   * delivery's header values and URL query string shown as {@code [redacted]}, so that the JSON can
   * be logged.
   *
   * @return a new JSON object
   */
  public ObjectNode toJson() {
    return JobJson.write(this, false);
  }

  /**
   * Writes the job like {@link #toJson()}, but with the push delivery's header values and URL
   * exactly as stored. Keep the result out of logs.
   *
   * @return a new JSON object
   */
  public ObjectNode toJsonWithSecrets() {
    return JobJson.write(this, true);
  }

  /**
   * The payload (JSON), or null; a copy, so the snapshot cannot be changed through it.
   *
   * @return a copy of the payload
   */
  public JsonNode payload() {
    return payload == null ? null : payload.deepCopy();
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
