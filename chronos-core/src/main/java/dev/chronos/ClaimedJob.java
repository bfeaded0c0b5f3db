package dev.chronos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.internal.Json;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A job a pull worker claimed with {@link PullWorker#claim}: what to run, and the lease under which
 * to run it. Report on it with {@link PullWorker#complete}, {@link PullWorker#fail} or {@link
 * PullWorker#extend} before the lease ends at {@link #deadline()}. It is also the {@link
 * JobContext} of the attempt, so a {@link JobHandler} can run it as it is: {@code
 * handler.handle(claimed)}. Immutable snapshot.
 *
 * @param jobId the job's id, the same across retries: the dedupe key for side effects
 * @param executionId the attempt's id, unique per attempt, and the lease token
 * @param attempt 1 for the first attempt, +1 per retry
 * @param name the job's display name
 * @param handler the handler name the job was claimed by
 * @param payload the payload, or null
 * @param scheduledFor when the job was first due
 * @param deadline when the lease ends; after it, reports throw {@link LeaseExpiredException}
 */
public record ClaimedJob(
    UUID jobId,
    UUID executionId,
    int attempt,
    String name,
    String handler,
    JsonNode payload,
    Instant scheduledFor,
    Instant deadline)
    implements JobContext {

  /** Checks that the required parts are present and copies the payload. */
  public ClaimedJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scheduledFor, "scheduledFor");
    Objects.requireNonNull(deadline, "deadline");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
    }
    payload = payload == null ? null : payload.deepCopy();
  }

  /**
   * The payload (JSON), or null; a copy, so the snapshot cannot be changed through it.
   *
   * @return a copy of the payload
   */
  @Override
  public JsonNode payload() {
    return payload == null ? null : payload.deepCopy();
  }

  /**
   * The payload converted with Jackson to a type, by Chronos's default mapper (a claimed job is a
   * plain value and carries no node settings; with your own mapper, use {@code
   * mapper.treeToValue(job.payload(), type)}).
   *
   * @param type a record, bean or map type
   * @param <T> the type
   * @return the converted payload, or null if the job has none
   * @throws IllegalArgumentException if the payload does not fit the type
   */
  @Override
  public <T> T payload(Class<T> type) {
    if (payload == null) {
      return null;
    }
    try {
      return Json.convert(payload, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Payload of job "
              + jobId
              + " does not fit "
              + type.getName()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * A copy whose lease ends at another time, as {@link PullWorker#extend} returns it.
   *
   * @param deadline the new end of the lease
   * @return the copy
   */
  public ClaimedJob withDeadline(Instant deadline) {
    return new ClaimedJob(
        jobId, executionId, attempt, name, handler, payload, scheduledFor, deadline);
  }
}
