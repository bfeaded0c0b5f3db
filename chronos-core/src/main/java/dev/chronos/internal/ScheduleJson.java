package dev.chronos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.DelayUnit;
import dev.chronos.Interval;
import dev.chronos.MisfirePolicy;
import dev.chronos.OverlapPolicy;
import dev.chronos.Schedule;
import dev.chronos.ScheduleRequest;
import dev.chronos.ValidationException;
import dev.chronos.ValidationException.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The API's JSON for schedules and schedule requests. */
public final class ScheduleJson {
  /** Every field of a schedule request body. */
  public static final Set<String> FIELDS =
      Set.of(
          "name",
          "description",
          "handler",
          "cron",
          "interval",
          "timezone",
          "runs",
          "stop_at",
          "delivery",
          "payload",
          "timeout",
          "max_retries",
          "misfire_policy",
          "overlap_policy",
          "account",
          "key");

  private ScheduleJson() {}

  /** Parses JSON text. */
  public static ScheduleRequest parse(String text) {
    return parse(JobRequestJson.body(text));
  }

  /** Parses a JSON tree. */
  public static ScheduleRequest parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ValidationException("body", "must be a JSON object");
    }
    JobRequestJson.Reader in = new JobRequestJson.Reader(node);
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                in.error(f, "is not a known field");
              }
            });
    ScheduleRequest.Builder b = ScheduleRequest.builder();
    b.name(in.string("name"));
    b.description(in.string("description"));
    b.handler(in.string("handler"));
    b.cron(in.string("cron"));
    b.timezone(in.string("timezone"));
    b.account(in.string("account"));
    b.key(in.string("key"));
    JsonNode interval = node.get("interval");
    if (interval != null && !interval.isNull()) {
      b.interval(interval(in, interval));
    }
    Long runs = in.integer("runs");
    if (runs != null) {
      if (runs < 1 || runs > Integer.MAX_VALUE) {
        in.error("runs", "must be 1 or more");
      } else {
        b.runs(runs.intValue());
      }
    }
    b.stopAt(in.instant("stop_at"));
    b.delivery(in.delivery(node.get("delivery")));
    JsonNode payload = node.get("payload");
    if (payload != null && !payload.isNull()) {
      b.payload(payload);
    }
    Duration timeout = in.timeout();
    if (timeout != null) {
      b.timeoutSeconds(timeout.toSeconds());
    }
    Integer maxRetries = in.maxRetries();
    if (maxRetries != null) {
      b.maxRetries(maxRetries);
    }
    String misfire = in.string("misfire_policy");
    if (misfire != null) {
      try {
        b.misfirePolicy(MisfirePolicy.valueOf(misfire.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        in.error("misfire_policy", "must be fire_once, skip or fire_all");
      }
    }
    String overlap = in.string("overlap_policy");
    if (overlap != null) {
      try {
        b.overlapPolicy(OverlapPolicy.valueOf(overlap.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        in.error("overlap_policy", "must be allow or skip");
      }
    }
    List<FieldError> errors = new ArrayList<>(in.errors);
    boolean pushRequested = "push".equals(node.path("delivery").path("type").asText(null));
    try {
      ScheduleRequest request = b.build();
      if (errors.isEmpty()) {
        return request;
      }
    } catch (ValidationException e) {
      JobRequestJson.mergeRuleErrors(
          errors,
          e.errors(),
          pushRequested && (node.get("handler") == null || node.get("handler").isNull()));
      if (errors.isEmpty()) {
        throw e; // every rule error was one of the above; never throw an empty exception
      }
    }
    throw new ValidationException(errors);
  }

  private static Interval interval(JobRequestJson.Reader in, JsonNode v) {
    if (!v.isObject()) {
      in.error("interval", "must be an object {value, unit}");
      return null;
    }
    in.onlyFields(v, "interval", Set.of("value", "unit"));
    Long value = in.integer(v.get("value"), "interval.value");
    String unitName = in.string(v, "unit", "interval.unit");
    if (v.get("value") == null || v.get("value").isNull()) {
      in.error("interval.value", "is required");
      return null;
    }
    if (unitName == null) {
      if (v.get("unit") == null || v.get("unit").isNull()) {
        in.error("interval.unit", "is required");
      }
      return null;
    }
    DelayUnit unit = DelayUnit.fromJson(unitName).orElse(null);
    if (unit == null) {
      in.error("interval.unit", "must be one of second, minute, hour, day, week");
      return null;
    }
    if (value == null) {
      return null;
    }
    try {
      return Interval.of(value, unit);
    } catch (ValidationException e) {
      e.errors().forEach(err -> in.error(err.field(), err.message()));
      return null;
    }
  }

  /**
   * A request as the API's body.
   *
   * @param withSecrets whether push header values and the URL's query string are written as they
   *     are, or as {@code [redacted]}
   */
  public static ObjectNode write(ScheduleRequest r, boolean withSecrets) {
    ObjectNode o = Json.object();
    o.put("name", r.name());
    putIfSet(o, "description", r.description());
    putIfSet(o, "handler", r.handler());
    putIfSet(o, "cron", r.cron());
    if (r.interval() != null) {
      o.putObject("interval")
          .put("value", r.interval().value())
          .put("unit", r.interval().unit().json());
    }
    o.put("timezone", r.timezone());
    if (r.runs() != null) {
      o.put("runs", r.runs());
    }
    if (r.stopAt() != null) {
      o.put("stop_at", Json.time(r.stopAt()));
    }
    o.set("delivery", JobRequestJson.delivery(r.delivery(), withSecrets));
    if (r.payload() != null) {
      o.set("payload", r.payload());
    }
    o.put("timeout", r.timeout().toSeconds());
    o.put("max_retries", r.maxRetries());
    o.put("misfire_policy", r.misfirePolicy().json());
    o.put("overlap_policy", r.overlapPolicy().json());
    o.put("account", r.account());
    putIfSet(o, "key", r.key());
    return o;
  }

  private static void putIfSet(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  /**
   * A schedule as the API writes it.
   *
   * @param withSecrets whether push header values and the URL's query string are written as they
   *     are, or as {@code [redacted]}
   */
  public static ObjectNode write(Schedule s, boolean withSecrets) {
    ObjectNode o = Json.object();
    o.put("id", s.id().toString());
    o.put("account", s.account());
    o.put("key", s.key());
    o.put("name", s.name());
    o.put("description", s.description());
    o.put("handler", s.handler());
    o.put("status", s.status().json());
    o.put("cron", s.cron());
    if (s.interval() != null) {
      o.putObject("interval")
          .put("value", s.interval().value())
          .put("unit", s.interval().unit().json());
    } else {
      o.putNull("interval");
    }
    o.put("timezone", s.timezone().getId());
    o.put("next_run_at", Json.time(s.nextRunAt()));
    if (s.runs() == null) {
      o.putNull("runs");
    } else {
      o.put("runs", s.runs());
    }
    o.put("run_count", s.runCount());
    o.put("stop_at", Json.time(s.stopAt()));
    o.set("delivery", JobRequestJson.delivery(s.delivery(), withSecrets));
    o.set("payload", s.payload());
    o.put("timeout", s.timeout().toSeconds());
    o.put("max_retries", s.maxRetries());
    o.put("misfire_policy", s.misfirePolicy().json());
    o.put("overlap_policy", s.overlapPolicy().json());
    o.put("created_at", Json.time(s.createdAt()));
    o.put("updated_at", Json.time(s.updatedAt()));
    o.put("version", s.version());
    return o;
  }

  /** The request a schedule was made from (what an update patches). */
  public static ScheduleRequest requestOf(Schedule s) {
    ScheduleRequest.Builder b =
        ScheduleRequest.builder()
            .name(s.name())
            .description(s.description())
            .handler(s.handler())
            .cron(s.cron())
            .interval(s.interval())
            .timezone(s.timezone().getId())
            .runs(s.runs())
            .stopAt(s.stopAt())
            .delivery(s.delivery())
            .payload(s.payload())
            .timeoutSeconds(s.timeout().toSeconds())
            .maxRetries(s.maxRetries())
            .misfirePolicy(s.misfirePolicy())
            .overlapPolicy(s.overlapPolicy())
            .account(s.account())
            .key(s.key());
    return b.build();
  }
}
