package dev.chronos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.internal.Json;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A job a pull worker claimed with {@link PullWorker#claim}: what to run, and the lease under which
 * to run it. Report on it with {@link PullWorker#complete}, {@link PullWorker#fail} or {@link
 * PullWorker#extend} before the lease ends at {@link #deadline()}. It is also the {@link
 * JobContext} of the attempt, so a {@link JobHandler} can run it as it is: {@code
 * handler.handle(claimed)}. Immutable snapshot; equal when all its fields are (the mapper is not
 * compared).
 */
public final class ClaimedJob implements JobContext {
  private final UUID jobId;
  private final UUID executionId;
  private final int attempt;
  private final String name;
  private final String handler;
  private final JsonNode payload;
  private final Instant scheduledFor;
  private final Instant deadline;
  private final ObjectMapper mapper;
  private final String account;
  private final UUID scheduleId;
  private final int maxRetries;
  private final boolean lastAttempt;

  /**
   * A claimed job whose {@link #payload(Class)} converts with Chronos's default mapper.
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
  public ClaimedJob(
      UUID jobId,
      UUID executionId,
      int attempt,
      String name,
      String handler,
      JsonNode payload,
      Instant scheduledFor,
      Instant deadline) {
    this(jobId, executionId, attempt, name, handler, payload, scheduledFor, deadline, null);
  }

  /**
   * A claimed job whose {@link #payload(Class)} converts with a given mapper, as a node's pull
   * worker makes them with the node's {@link ChronosBuilder#objectMapper}.
   *
   * @param jobId the job's id
   * @param executionId the attempt's id
   * @param attempt 1 for the first attempt, +1 per retry
   * @param name the job's display name
   * @param handler the handler name the job was claimed by
   * @param payload the payload, or null
   * @param scheduledFor when the job was first due
   * @param deadline when the lease ends
   * @param mapper the mapper {@link #payload(Class)} converts with, or null for the default one
   */
  public ClaimedJob(
      UUID jobId,
      UUID executionId,
      int attempt,
      String name,
      String handler,
      JsonNode payload,
      Instant scheduledFor,
      Instant deadline,
      ObjectMapper mapper) {
    this(
        jobId,
        executionId,
        attempt,
        name,
        handler,
        payload,
        scheduledFor,
        deadline,
        mapper,
        JobRequest.DEFAULT_ACCOUNT,
        null,
        0,
        false);
  }

  /**
   * A claimed job with everything a node's pull worker knows about it: the job's account, schedule
   * and retry budget besides the attempt. The shorter constructors, for claims built by hand (a
   * remote client, a test), use the default account, no schedule, no retries and a last attempt of
   * false.
   *
   * @param jobId the job's id
   * @param executionId the attempt's id
   * @param attempt 1 for the first attempt, +1 per retry
   * @param name the job's display name
   * @param handler the handler name the job was claimed by
   * @param payload the payload, or null
   * @param scheduledFor when the job was first due
   * @param deadline when the lease ends
   * @param mapper the mapper {@link #payload(Class)} converts with, or null for the default one
   * @param account the job's account
   * @param scheduleId the schedule that spawned the job, or null for a one-off job
   * @param maxRetries the job's retries after its first attempt
   * @param lastAttempt whether a failure of this attempt ends the job {@code failed}
   */
  public ClaimedJob(
      UUID jobId,
      UUID executionId,
      int attempt,
      String name,
      String handler,
      JsonNode payload,
      Instant scheduledFor,
      Instant deadline,
      ObjectMapper mapper,
      String account,
      UUID scheduleId,
      int maxRetries,
      boolean lastAttempt) {
    this.account = Objects.requireNonNull(account, "account");
    this.scheduleId = scheduleId;
    this.maxRetries = maxRetries;
    this.lastAttempt = lastAttempt;
    this.jobId = Objects.requireNonNull(jobId, "jobId");
    this.executionId = Objects.requireNonNull(executionId, "executionId");
    this.name = Objects.requireNonNull(name, "name");
    this.scheduledFor = Objects.requireNonNull(scheduledFor, "scheduledFor");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
    }
    this.attempt = attempt;
    this.handler = handler;
    this.payload = payload == null ? null : payload.deepCopy();
    this.mapper = mapper;
  }

  @Override
  public UUID jobId() {
    return jobId;
  }

  @Override
  public UUID executionId() {
    return executionId;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The handler name the job was claimed by.
   *
   * @return the handler name
   */
  @Override
  public String handler() {
    return handler;
  }

  @Override
  public Instant scheduledFor() {
    return scheduledFor;
  }

  @Override
  public String account() {
    return account;
  }

  @Override
  public UUID scheduleId() {
    return scheduleId;
  }

  @Override
  public int maxRetries() {
    return maxRetries;
  }

  @Override
  public boolean isLastAttempt() {
    return lastAttempt;
  }

  /**
   * When the lease ends; after it, reports throw {@link LeaseExpiredException}.
   *
   * @return the end of the lease
   */
  @Override
  public Instant deadline() {
    return deadline;
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
   * The payload converted with Jackson to a type: with the node's {@link
   * ChronosBuilder#objectMapper} for jobs claimed through {@link Chronos#pull()}, else with
   * Chronos's default mapper.
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
      return mapper == null ? Json.convert(payload, type) : mapper.treeToValue(payload, type);
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
        jobId,
        executionId,
        attempt,
        name,
        handler,
        payload,
        scheduledFor,
        deadline,
        mapper,
        account,
        scheduleId,
        maxRetries,
        lastAttempt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClaimedJob c
        && jobId.equals(c.jobId)
        && executionId.equals(c.executionId)
        && attempt == c.attempt
        && name.equals(c.name)
        && Objects.equals(handler, c.handler)
        && Objects.equals(payload, c.payload)
        && scheduledFor.equals(c.scheduledFor)
        && deadline.equals(c.deadline)
        && account.equals(c.account)
        && Objects.equals(scheduleId, c.scheduleId)
        && maxRetries == c.maxRetries
        && lastAttempt == c.lastAttempt;
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, executionId, attempt, name, handler, scheduledFor, deadline);
  }

  @Override
  public String toString() {
    return "ClaimedJob[jobId="
        + jobId
        + ", executionId="
        + executionId
        + ", attempt="
        + attempt
        + ", name="
        + name
        + ", handler="
        + handler
        + ", scheduledFor="
        + scheduledFor
        + ", deadline="
        + deadline
        + "]";
  }
}
