package dev.chronos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.internal.JobRequestJson;
import dev.chronos.internal.JobRequestValidation;
import dev.chronos.internal.Json;
import dev.chronos.internal.PayloadRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run and when: the body of the API's {@code POST /v1/jobs}. Immutable and thread-safe.
 *
 * <p>Build one with {@link #builder()} or read the API's JSON with {@link #fromJson(String)}. Both
 * check every field and report all offending fields at once in a {@link JobValidationException};
 * the one check that depends on the clock ({@code scheduled_for} must not be in the past) runs at
 * {@link Chronos#submit}.
 *
 * <p>Timing: neither {@code delay} nor {@code scheduledFor} runs the job as soon as possible.
 * Defaults: {@code timeout} 30 s, {@code max_retries} 3, pull delivery, account {@code default}.
 */
public final class JobRequest {
  /** The default per-attempt timeout: 30 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The default number of retries after the first attempt: 3. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /** The account used when none is given. */
  public static final String DEFAULT_ACCOUNT = "default";

  private final String name;
  private final String handler;
  private final JsonNode payload;
  private final Delay delay;
  private final Instant scheduledFor;
  private final String idempotencyKey;
  private final Delivery delivery;
  private final Duration timeout;
  private final int maxRetries;
  private final String account;

  /** Copies the builder's fields; the payload only when its shape was checked sound. */
  private JobRequest(Builder b, boolean payloadSound) {
    this.name = b.name;
    this.handler = b.handler;
    this.payload = b.payload == null || !payloadSound ? null : b.payload.deepCopy();
    this.delay = b.delay;
    this.scheduledFor = b.scheduledFor;
    this.idempotencyKey = b.idempotencyKey;
    this.delivery = b.delivery == null ? Delivery.pull() : b.delivery;
    this.timeout = b.timeout == null ? DEFAULT_TIMEOUT : b.timeout;
    this.maxRetries = b.maxRetries == null ? DEFAULT_MAX_RETRIES : b.maxRetries;
    this.account = b.account == null ? DEFAULT_ACCOUNT : b.account;
  }

  /**
   * Starts a request.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the API's JSON body (snake_case fields, ISO-8601 times).
   *
   * @param json the request body
   * @return the request
   * @throws JobValidationException listing every malformed, mistyped, unknown or invalid field
   *     (field {@code body} when the text is not a JSON object)
   */
  public static JobRequest fromJson(String json) {
    return JobRequestJson.parse(json);
  }

  /**
   * Reads the API's JSON body from a parsed tree.
   *
   * @param json the request body
   * @return the request
   * @throws JobValidationException listing every mistyped, unknown or invalid field
   */
  public static JobRequest fromJson(JsonNode json) {
    return JobRequestJson.parse(json);
  }

  /**
   * Writes the request as the API's JSON body, with a push delivery's header values and URL query
   * string shown as {@code [redacted]}, so that it can be logged.
   *
   * @return a new JSON object
   */
  public JsonNode toJson() {
    return JobRequestJson.write(this, false);
  }

  /**
   * Writes the request as the API's JSON body with every value as given, secrets included: what
   * {@link #fromJson(JsonNode)} reads back to an equal request. Keep the result out of logs.
   *
   * @return a new JSON object
   */
  public JsonNode toJsonWithSecrets() {
    return JobRequestJson.write(this, true);
  }

  /**
   * The display name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The handler name that routes the job to its worker; may be null for push delivery.
   *
   * @return the handler name or null
   */
  public String handler() {
    return handler;
  }

  /**
   * The payload (a JSON object), or null.
   *
   * @return a copy of the payload
   */
  public JsonNode payload() {
    return payload == null ? null : payload.deepCopy();
  }

  /**
   * The delay from submission, if given.
   *
   * @return the delay
   */
  public Optional<Delay> delay() {
    return Optional.ofNullable(delay);
  }

  /**
   * The moment to run at, if given.
   *
   * @return the instant
   */
  public Optional<Instant> scheduledFor() {
    return Optional.ofNullable(scheduledFor);
  }

  /**
   * The idempotency key, if given.
   *
   * @return the key
   */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /**
   * The delivery; pull unless push was given.
   *
   * @return the delivery
   */
  public Delivery delivery() {
    return delivery;
  }

  /**
   * The per-attempt timeout.
   *
   * @return the timeout, whole seconds
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The number of retries allowed after the first attempt.
   *
   * @return max retries, 0 or more
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The account the job belongs to.
   *
   * @return the account
   */
  public String account() {
    return account;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobRequest r
        && Objects.equals(name, r.name)
        && Objects.equals(handler, r.handler)
        && Objects.equals(payload, r.payload)
        && Objects.equals(delay, r.delay)
        && Objects.equals(scheduledFor, r.scheduledFor)
        && Objects.equals(idempotencyKey, r.idempotencyKey)
        && delivery.equals(r.delivery)
        && timeout.equals(r.timeout)
        && maxRetries == r.maxRetries
        && account.equals(r.account);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, handler, delay, scheduledFor, idempotencyKey, account);
  }

  /** The request as redacted JSON ({@link #toJson()}): safe to log. */
  @Override
  public String toString() {
    return "JobRequest" + Json.write(toJson());
  }

  /** Collects the fields of a {@link JobRequest}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private String handler;
    private JsonNode payload;
    private Delay delay;
    private Instant scheduledFor;
    private String idempotencyKey;
    private Delivery delivery;
    private Duration timeout;
    private Integer maxRetries;
    private String account;
    private String payloadProblem;

    private Builder() {}

    /**
     * Sets the display name (required, at most 255 characters).
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the handler name (required for pull delivery, at most 255 characters).
     *
     * @param handler the handler name
     * @return this builder
     */
    public Builder handler(String handler) {
      this.handler = handler;
      return this;
    }

    /**
     * Sets the payload: anything Chronos's default Jackson mapper turns into a non-empty JSON
     * object (a {@code Map}, a record, a bean with getters or a {@code JsonNode}), at most 64 KB
     * serialized and nested at most 64 levels deep, with no U+0000 in any key or string. For types
     * that need your own Jackson modules or settings, convert with your mapper and pass the tree:
     * {@code payload(myMapper.valueToTree(value))}. A value that cannot be converted is reported by
     * {@link #build()} as an error on {@code payload}.
     *
     * @param payload the payload, or null for none
     * @return this builder
     */
    public Builder payload(Object payload) {
      this.payloadProblem = null;
      try {
        this.payload = Json.toTree(payload);
      } catch (IllegalArgumentException e) {
        this.payload = null;
        this.payloadProblem = e.getMessage();
      }
      return this;
    }

    /**
     * Runs the job this long after submission.
     *
     * @param delay the delay
     * @return this builder
     */
    public Builder delay(Delay delay) {
      this.delay = delay;
      return this;
    }

    /**
     * Runs the job {@code value × unit} after submission.
     *
     * @param value a positive number of units
     * @param unit the unit
     * @return this builder
     * @throws JobValidationException if the value is not positive
     */
    public Builder delay(long value, DelayUnit unit) {
      return delay(Delay.of(value, unit));
    }

    /**
     * Runs the job at this instant, which must not be in the past when submitted.
     *
     * @param scheduledFor the instant
     * @return this builder
     */
    public Builder scheduledFor(Instant scheduledFor) {
      this.scheduledFor = scheduledFor;
      return this;
    }

    /**
     * Sets the idempotency key (at most 255 characters), unique in the account for the job's
     * lifetime.
     *
     * @param idempotencyKey the key
     * @return this builder
     */
    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /**
     * Sets the delivery (default pull).
     *
     * @param delivery the delivery
     * @return this builder
     */
    public Builder delivery(Delivery delivery) {
      this.delivery = delivery;
      return this;
    }

    /**
     * Sets the per-attempt timeout in whole seconds, 1 to 604,800 (7 days; default 30). Seconds,
     * because that is the API's unit and what the stores keep: a fraction of a second cannot be
     * asked for.
     *
     * @param seconds the timeout in seconds
     * @return this builder
     */
    public Builder timeoutSeconds(long seconds) {
      this.timeout = Duration.ofSeconds(seconds);
      return this;
    }

    /**
     * Sets the number of retries after the first attempt, 0 to 100 (default 3).
     *
     * @param maxRetries the retries; 0 turns retries off
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the account (default {@code default}), which scopes idempotency keys and lookups.
     *
     * @param account the account
     * @return this builder
     */
    public Builder account(String account) {
      this.account = account;
      return this;
    }

    /**
     * Checks every field and builds the request.
     *
     * @return the request
     * @throws JobValidationException listing every invalid field
     */
    public JobRequest build() {
      List<ValidationException.FieldError> payloadProblems =
          payloadProblem != null
              ? List.of(new ValidationException.FieldError("payload", payloadProblem))
              : PayloadRules.problems("payload", payload);
      JobRequest request = new JobRequest(this, payloadProblems.isEmpty());
      JobRequestValidation.requireValid(request, payloadProblems);
      return request;
    }
  }
}
