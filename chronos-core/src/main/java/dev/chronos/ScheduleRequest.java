package dev.chronos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.internal.Json;
import dev.chronos.internal.PayloadRules;
import dev.chronos.internal.ScheduleJson;
import dev.chronos.internal.ScheduleValidation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A recurring schedule to create: the body of the API's {@code POST /v1/schedules}. Immutable.
 *
 * <p>Exactly one of {@code cron} (standard 5 fields, read in {@code timezone}, default UTC) and
 * {@code interval}. Optional: {@code description}, {@code runs} (complete after this many jobs),
 * {@code stop_at} (complete at this instant), {@code delivery}, {@code payload}, {@code timeout}
 * (default 30 s), {@code max_retries} (default 3), {@code misfire_policy} (default {@code
 * fire_once}), {@code overlap_policy} (default {@code allow}), {@code account}, {@code key} (a name
 * for the schedule, unique in its account, that {@link Schedules#ensure} finds it by). The first
 * fire of a cron schedule is its first match after creation; of an interval schedule, one interval
 * after creation. Every field is checked when the request is built, all errors at once; {@code
 * stop_at} must also not be in the past when the schedule is created.
 */
public final class ScheduleRequest {
  private final String name;
  private final String description;
  private final String handler;
  private final String cron;
  private final Interval interval;
  private final String timezone;
  private final Integer runs;
  private final Instant stopAt;
  private final Delivery delivery;
  private final JsonNode payload;
  private final Duration timeout;
  private final int maxRetries;
  private final MisfirePolicy misfirePolicy;
  private final OverlapPolicy overlapPolicy;
  private final String account;
  private final String key;

  /** Copies the builder's fields; the payload only when its shape was checked sound. */
  private ScheduleRequest(Builder b, boolean payloadSound) {
    this.name = b.name;
    this.description = b.description;
    this.handler = b.handler;
    this.cron = b.cron;
    this.interval = b.interval;
    this.timezone = b.timezone == null ? "UTC" : b.timezone;
    this.runs = b.runs;
    this.stopAt = b.stopAt;
    this.delivery = b.delivery == null ? Delivery.pull() : b.delivery;
    this.payload = b.payload == null || !payloadSound ? null : b.payload.deepCopy();
    this.timeout = b.timeout == null ? JobRequest.DEFAULT_TIMEOUT : b.timeout;
    this.maxRetries = b.maxRetries == null ? JobRequest.DEFAULT_MAX_RETRIES : b.maxRetries;
    this.misfirePolicy = b.misfirePolicy == null ? MisfirePolicy.FIRE_ONCE : b.misfirePolicy;
    this.overlapPolicy = b.overlapPolicy == null ? OverlapPolicy.ALLOW : b.overlapPolicy;
    this.account = b.account == null ? JobRequest.DEFAULT_ACCOUNT : b.account;
    this.key = b.key;
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
   * Reads the API's JSON body.
   *
   * @param json the request body
   * @return the request
   * @throws ValidationException listing every malformed, unknown or invalid field
   */
  public static ScheduleRequest fromJson(String json) {
    return ScheduleJson.parse(json);
  }

  /**
   * Reads the API's JSON body from a tree.
   *
   * @param json the request body
   * @return the request
   * @throws ValidationException listing every unknown or invalid field
   */
  public static ScheduleRequest fromJson(JsonNode json) {
    return ScheduleJson.parse(json);
  }

  /**
   * Writes the request as the API's JSON body, with a push delivery's header values and URL query
   * string shown as {@code [redacted]}, so that it can be logged.
   *
   * @return a new JSON object
   */
  public JsonNode toJson() {
    return ScheduleJson.write(this, false);
  }

  /**
   * Writes the request as the API's JSON body with every value as given, secrets included: what
   * {@link #fromJson(JsonNode)} reads back to an equal request. Keep the result out of logs.
   *
   * @return a new JSON object
   */
  public JsonNode toJsonWithSecrets() {
    return ScheduleJson.write(this, true);
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
   * The description, or null.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * The handler name of the schedule's jobs, or null (push only).
   *
   * @return the handler
   */
  public String handler() {
    return handler;
  }

  /**
   * The cron expression, or null for an interval schedule.
   *
   * @return the expression
   */
  public String cron() {
    return cron;
  }

  /**
   * The interval, or null for a cron schedule.
   *
   * @return the interval
   */
  public Interval interval() {
    return interval;
  }

  /**
   * The IANA time zone the cron expression is read in.
   *
   * @return the zone id, default {@code UTC}
   */
  public String timezone() {
    return timezone;
  }

  /**
   * How many jobs to spawn before completing, or null for no limit.
   *
   * @return the runs
   */
  public Integer runs() {
    return runs;
  }

  /**
   * When the schedule completes, or null.
   *
   * @return the instant
   */
  public Instant stopAt() {
    return stopAt;
  }

  /**
   * The delivery of the schedule's jobs.
   *
   * @return the delivery
   */
  public Delivery delivery() {
    return delivery;
  }

  /**
   * The payload of the schedule's jobs, or null.
   *
   * @return a copy of the payload
   */
  public JsonNode payload() {
    return payload == null ? null : payload.deepCopy();
  }

  /**
   * The timeout of the schedule's jobs.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The retries of the schedule's jobs.
   *
   * @return max retries
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * What happens to fires missed during downtime.
   *
   * @return the misfire policy
   */
  public MisfirePolicy misfirePolicy() {
    return misfirePolicy;
  }

  /**
   * Whether a fire may spawn while the previous job is unfinished.
   *
   * @return the overlap policy
   */
  public OverlapPolicy overlapPolicy() {
    return overlapPolicy;
  }

  /**
   * The account.
   *
   * @return the account
   */
  public String account() {
    return account;
  }

  /**
   * The schedule's key, unique in its account, or null.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScheduleRequest r && toJsonWithSecrets().equals(r.toJsonWithSecrets());
  }

  @Override
  public int hashCode() {
    return toJsonWithSecrets().hashCode();
  }

  /** The request as redacted JSON ({@link #toJson()}): safe to log. */
  @Override
  public String toString() {
    return "ScheduleRequest" + Json.write(toJson());
  }

  /** Collects the fields of a {@link ScheduleRequest}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private String description;
    private String handler;
    private String cron;
    private Interval interval;
    private String timezone;
    private Integer runs;
    private Instant stopAt;
    private Delivery delivery;
    private JsonNode payload;
    private Duration timeout;
    private Integer maxRetries;
    private MisfirePolicy misfirePolicy;
    private OverlapPolicy overlapPolicy;
    private String account;
    private String key;
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
     * Sets the description (at most 1,000 characters).
     *
     * @param description the description
     * @return this builder
     */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * Sets the handler name of the schedule's jobs (required for pull delivery).
     *
     * @param handler the handler name
     * @return this builder
     */
    public Builder handler(String handler) {
      this.handler = handler;
      return this;
    }

    /**
     * Fires on a 5-field cron expression (instead of an interval).
     *
     * @param cron for example {@code 0 9 * * MON-FRI}
     * @return this builder
     */
    public Builder cron(String cron) {
      this.cron = cron;
      return this;
    }

    /**
     * Fires every interval (instead of a cron expression).
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder interval(Interval interval) {
      this.interval = interval;
      return this;
    }

    /**
     * Fires every {@code value × unit}.
     *
     * @param value a positive number of units
     * @param unit the unit
     * @return this builder
     */
    public Builder interval(long value, DelayUnit unit) {
      return interval(Interval.of(value, unit));
    }

    /**
     * Sets the IANA zone the cron expression is read in (default {@code UTC}).
     *
     * @param timezone for example {@code Europe/London}
     * @return this builder
     */
    public Builder timezone(String timezone) {
      this.timezone = timezone;
      return this;
    }

    /**
     * Completes the schedule after this many jobs.
     *
     * @param runs 1 or more, or null for no limit
     * @return this builder
     */
    public Builder runs(Integer runs) {
      this.runs = runs;
      return this;
    }

    /**
     * Completes the schedule at this instant (which must be in the future).
     *
     * @param stopAt the instant, or null
     * @return this builder
     */
    public Builder stopAt(Instant stopAt) {
      this.stopAt = stopAt;
      return this;
    }

    /**
     * Sets the delivery of the schedule's jobs (default pull).
     *
     * @param delivery the delivery
     * @return this builder
     */
    public Builder delivery(Delivery delivery) {
      this.delivery = delivery;
      return this;
    }

    /**
     * Sets the payload of the schedule's jobs: a non-empty JSON object of at most 64 KB, nested at
     * most 64 levels deep, with no U+0000 in any key or string, converted with Chronos's default
     * Jackson mapper (pass a {@code JsonNode} made with your own mapper for types that need it). A
     * value that cannot be converted is reported by {@link #build()} on {@code payload}.
     *
     * @param payload a map, record, bean or {@code JsonNode}
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
     * Sets the timeout of the schedule's jobs in whole seconds, 1 to 604,800 (7 days; default 30).
     * Seconds, because that is the API's unit and what the stores keep: a fraction of a second
     * cannot be asked for.
     *
     * @param seconds the timeout in seconds
     * @return this builder
     */
    public Builder timeoutSeconds(long seconds) {
      this.timeout = Duration.ofSeconds(seconds);
      return this;
    }

    /**
     * Sets the retries of the schedule's jobs (default 3).
     *
     * @param maxRetries 0 to 100
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets what happens to fires missed during downtime (default {@link MisfirePolicy#FIRE_ONCE}).
     *
     * @param misfirePolicy the policy
     * @return this builder
     */
    public Builder misfirePolicy(MisfirePolicy misfirePolicy) {
      this.misfirePolicy = misfirePolicy;
      return this;
    }

    /**
     * Sets whether a fire may spawn while the previous job is unfinished (default {@link
     * OverlapPolicy#ALLOW}).
     *
     * @param overlapPolicy the policy
     * @return this builder
     */
    public Builder overlapPolicy(OverlapPolicy overlapPolicy) {
      this.overlapPolicy = overlapPolicy;
      return this;
    }

    /**
     * Sets the account (default {@code default}).
     *
     * @param account the account
     * @return this builder
     */
    public Builder account(String account) {
      this.account = account;
      return this;
    }

    /**
     * Sets the schedule's key: a name of at most 255 characters, unique in the account, chosen by
     * the application (for example {@code nightly-report}). A schedule declared in code under a key
     * is created once by {@link Schedules#ensure}, however many nodes start and however often, and
     * found with {@link Schedules#get(String)}.
     *
     * @param key the key, or null for none
     * @return this builder
     */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /**
     * Checks every field and builds the request.
     *
     * @return the request
     * @throws ValidationException listing every invalid field
     */
    public ScheduleRequest build() {
      List<ValidationException.FieldError> payloadProblems =
          payloadProblem != null
              ? List.of(new ValidationException.FieldError("payload", payloadProblem))
              : PayloadRules.problems("payload", payload);
      ScheduleRequest request = new ScheduleRequest(this, payloadProblems.isEmpty());
      ScheduleValidation.requireValid(request, payloadProblems);
      return request;
    }
  }

  /**
   * A builder holding this request's fields, to derive a changed request.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.description = description;
    b.handler = handler;
    b.cron = cron;
    b.interval = interval;
    b.timezone = timezone;
    b.runs = runs;
    b.stopAt = stopAt;
    b.delivery = delivery;
    b.payload = payload;
    b.timeout = timeout;
    b.maxRetries = maxRetries;
    b.misfirePolicy = misfirePolicy;
    b.overlapPolicy = overlapPolicy;
    b.account = account;
    b.key = key;
    return b;
  }
}
