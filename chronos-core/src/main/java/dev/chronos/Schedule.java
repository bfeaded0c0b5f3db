package dev.chronos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.internal.CadenceDescription;
import dev.chronos.internal.CronCadence;
import dev.chronos.internal.IntervalCadence;
import dev.chronos.internal.ScheduleJson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable snapshot of a recurring schedule: a standing instruction that spawns one job per
 * fire. Exactly one of {@code cron} and {@code interval} is set.
 *
 * @param id the schedule's id
 * @param account the account that owns it
 * @param key the key it was declared under, unique in its account ({@link
 *     ScheduleRequest.Builder#key}), or null
 * @param name the display name
 * @param description a longer description, or null
 * @param handler the handler name of its jobs, or null (push delivery only)
 * @param status where the schedule is in its lifecycle
 * @param cron the 5-field cron expression, or null
 * @param interval the fixed interval, or null
 * @param timezone the zone the cron expression is read in
 * @param nextRunAt the next nominal fire time, or null once the schedule has ended
 * @param runs how many jobs to spawn before completing, or null for no limit
 * @param runCount how many jobs it has spawned
 * @param stopAt when it completes, or null
 * @param delivery how its jobs are delivered
 * @param payload the payload of its jobs, or null
 * @param timeout the timeout of its jobs
 * @param maxRetries the retries of its jobs
 * @param misfirePolicy what happens to fires missed during downtime
 * @param overlapPolicy whether a fire may spawn while the previous job is unfinished
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version increases with every change (optimistic concurrency)
 */
public record Schedule(
    UUID id,
    String account,
    String key,
    String name,
    String description,
    String handler,
    ScheduleStatus status,
    String cron,
    Interval interval,
    ZoneId timezone,
    Instant nextRunAt,
    Integer runs,
    int runCount,
    Instant stopAt,
    Delivery delivery,
    JsonNode payload,
    Duration timeout,
    int maxRetries,
    MisfirePolicy misfirePolicy,
    OverlapPolicy overlapPolicy,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /** Checks that the required parts are present and the cadence is one of cron or interval. */
  public Schedule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(misfirePolicy, "misfirePolicy");
    Objects.requireNonNull(overlapPolicy, "overlapPolicy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if ((cron == null) == (interval == null)) {
      throw new IllegalArgumentException("a schedule has exactly one of cron and interval");
    }
  }

  /**
   * A schedule without a key; see the canonical constructor for the parameters.
   *
   * @param id the schedule's id
   * @param account the account that owns it
   * @param name the display name
   * @param description a longer description, or null
   * @param handler the handler name of its jobs, or null
   * @param status where the schedule is in its lifecycle
   * @param cron the cron expression, or null
   * @param interval the fixed interval, or null
   * @param timezone the zone the cron expression is read in
   * @param nextRunAt the next nominal fire time, or null
   * @param runs how many jobs to spawn, or null
   * @param runCount how many jobs it has spawned
   * @param stopAt when it completes, or null
   * @param delivery how its jobs are delivered
   * @param payload the payload of its jobs, or null
   * @param timeout the timeout of its jobs
   * @param maxRetries the retries of its jobs
   * @param misfirePolicy what happens to missed fires
   * @param overlapPolicy whether fires may overlap
   * @param createdAt when it was created
   * @param updatedAt when it last changed
   * @param version the optimistic-concurrency version
   */
  public Schedule(
      UUID id,
      String account,
      String name,
      String description,
      String handler,
      ScheduleStatus status,
      String cron,
      Interval interval,
      ZoneId timezone,
      Instant nextRunAt,
      Integer runs,
      int runCount,
      Instant stopAt,
      Delivery delivery,
      JsonNode payload,
      Duration timeout,
      int maxRetries,
      MisfirePolicy misfirePolicy,
      OverlapPolicy overlapPolicy,
      Instant createdAt,
      Instant updatedAt,
      long version) {
    this(
        id,
        account,
        null,
        name,
        description,
        handler,
        status,
        cron,
        interval,
        timezone,
        nextRunAt,
        runs,
        runCount,
        stopAt,
        delivery,
        payload,
        timeout,
        maxRetries,
        misfirePolicy,
        overlapPolicy,
        createdAt,
        updatedAt,
        version);
  }

  /**
   * The payload of its jobs, or null; a copy.
   *
   * @return a copy of the payload
   */
  public JsonNode payload() {
    return payload == null ? null : payload.deepCopy();
  }

  /**
   * Writes the schedule in the API's snake_case JSON ({@code next_run_at}, {@code run_count},
   * {@code stop_at}, {@code status} in lower case, ...), with a push delivery's header values and
   * URL query string shown as {@code [redacted]}, so that the JSON can be logged.
   *
   * @return a new JSON object
   */
  public ObjectNode toJson() {
    return ScheduleJson.write(this, false);
  }

  /**
   * Writes the schedule like {@link #toJson()}, but with the push delivery's header values and URL
   * exactly as stored. Keep the result out of logs.
   *
   * @return a new JSON object
   */
  public ObjectNode toJsonWithSecrets() {
    return ScheduleJson.write(this, true);
  }

  /**
   * The cadence in words, for people: {@code "every 15 minutes"}, {@code "every weekday at 09:00,
   * Europe/London"}; the cron expression itself when it is not a form said in words.
   *
   * @return the description
   */
  public String cadenceDescription() {
    return cron != null ? CadenceDescription.of(cron, timezone) : CadenceDescription.of(interval);
  }

  /**
   * The next fire times from {@link #nextRunAt()} on, as the cadence, {@code runs} and {@code
   * stop_at} allow (a paused schedule's are where it would fire if resumed now and nothing was
   * missed). Empty for an archived or completed schedule.
   *
   * @param count how many, 1–100
   * @return up to {@code count} instants, earliest first
   * @throws IllegalArgumentException if count is out of range
   */
  public List<Instant> nextFires(int count) {
    if (count < 1 || count > 100) {
      throw new IllegalArgumentException("count must be 1 to 100, was " + count);
    }
    List<Instant> fires = new ArrayList<>();
    if (nextRunAt == null
        || status == ScheduleStatus.ARCHIVED
        || status == ScheduleStatus.COMPLETED) {
      return fires;
    }
    dev.chronos.internal.Cadence cadence =
        cron != null
            ? CronCadence.parse(cron, timezone)
            : new IntervalCadence(interval.toDuration());
    Instant next = nextRunAt;
    while (next != null
        && fires.size() < count
        && (stopAt == null || next.isBefore(stopAt))
        && (runs == null || runCount + fires.size() < runs)) {
      fires.add(next);
      next = cadence.next(next).orElse(null);
    }
    return fires;
  }
}
