package dev.chronos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chronos.internal.JobRequestJson;
import dev.chronos.internal.Json;
import dev.chronos.internal.PayloadRules;
import dev.chronos.internal.ScheduleJson;
import dev.chronos.internal.Secrets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A change to a schedule with PATCH semantics, the body of the API's {@code PATCH
 * /v1/schedules/:id}: only the fields given change; a field given as JSON {@code null} (or set to
 * null here) is cleared; giving {@code cron} replaces an {@code interval} and the other way round.
 * The changed schedule is checked with every rule of {@link ScheduleRequest}. The account cannot
 * change. Immutable.
 */
public final class ScheduleUpdate {
  private final ObjectNode patch;

  private ScheduleUpdate(ObjectNode patch) {
    this.patch = patch;
  }

  /**
   * Starts an empty update.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the API's PATCH body.
   *
   * @param json the body
   * @return the update
   * @throws ValidationException naming unknown fields, a malformed body, or a value nested deeper
   *     than 64 levels or holding U+0000
   */
  public static ScheduleUpdate fromJson(String json) {
    return fromJson(JobRequestJson.body(json));
  }

  /**
   * Reads the API's PATCH body from a tree.
   *
   * @param json the body
   * @return the update
   * @throws ValidationException naming unknown fields, a malformed body, or a value nested deeper
   *     than 64 levels or holding U+0000
   */
  public static ScheduleUpdate fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new ValidationException("body", "must be a JSON object");
    }
    List<ValidationException.FieldError> errors = new ArrayList<>();
    json.properties()
        .forEach(
            e -> {
              if (!ScheduleJson.FIELDS.contains(e.getKey()) || e.getKey().equals("account")) {
                errors.add(new ValidationException.FieldError(e.getKey(), "cannot be changed"));
              } else {
                errors.addAll(PayloadRules.problems(e.getKey(), e.getValue()));
              }
            });
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new ScheduleUpdate(((ObjectNode) json).deepCopy());
  }

  /**
   * The changed request: this patch applied to a schedule's current definition, checked.
   *
   * @param current the schedule's current definition
   * @return the new definition
   * @throws HandlerRequiredForPullException if the result is on pull delivery without a handler and
   *     breaks no other rule
   * @throws ValidationException if the result breaks a rule
   */
  public ScheduleRequest applyTo(ScheduleRequest current) {
    ObjectNode merged = (ObjectNode) current.toJsonWithSecrets();
    if (patch.has("cron") && !patch.get("cron").isNull()) {
      merged.remove("interval");
    }
    if (patch.has("interval") && !patch.get("interval").isNull()) {
      merged.remove("cron");
    }
    patch
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isNull()) {
                merged.remove(e.getKey());
              } else {
                merged.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    try {
      return ScheduleRequest.fromJson(merged);
    } catch (ValidationException e) {
      if (e.fields().equals(List.of("handler")) && pullWithoutHandler(merged)) {
        throw new HandlerRequiredForPullException(null);
      }
      throw e;
    }
  }

  /** Whether a definition is on pull delivery (named or by default) and names no handler. */
  private static boolean pullWithoutHandler(ObjectNode definition) {
    JsonNode handler = definition.get("handler");
    return (handler == null || handler.isNull())
        && "pull".equals(definition.path("delivery").path("type").asText("pull"));
  }

  /**
   * Whether the update changes when the schedule fires (cron, interval or timezone).
   *
   * @return true if the next fire time must be computed again
   */
  public boolean changesCadence() {
    return patch.has("cron") || patch.has("interval") || patch.has("timezone");
  }

  /**
   * The patch as the API's body, with a push delivery's header values and URL query string shown as
   * {@code [redacted]}, so that it can be logged.
   *
   * @return a new JSON object
   */
  public JsonNode toJson() {
    ObjectNode copy = patch.deepCopy();
    JsonNode delivery = copy.get("delivery");
    if (delivery != null && delivery.isObject() && delivery.path("http").isObject()) {
      ObjectNode http = (ObjectNode) delivery.get("http");
      if (http.path("url").isTextual()) {
        http.put("url", Secrets.url(http.get("url").textValue()));
      }
      if (http.path("headers").isObject()) {
        ((ObjectNode) http.get("headers"))
            .properties()
            .forEach(h -> h.setValue(TextNode.valueOf(Secrets.REDACTED)));
      }
    }
    return copy;
  }

  /**
   * The patch as the API's body, every value as given, secrets included. Keep it out of logs.
   *
   * @return a copy of the patch
   */
  public JsonNode toJsonWithSecrets() {
    return patch.deepCopy();
  }

  /** The patch as redacted JSON ({@link #toJson()}): safe to log. */
  @Override
  public String toString() {
    return "ScheduleUpdate" + Json.write(toJson());
  }

  /** Collects the fields of a {@link ScheduleUpdate}. Not thread-safe. */
  public static final class Builder {
    private final ObjectNode patch = Json.object();
    private String payloadProblem;

    private Builder() {}

    private Builder text(String field, String value) {
      if (value == null) {
        patch.putNull(field);
      } else {
        patch.put(field, value);
      }
      return this;
    }

    /**
     * Changes the name.
     *
     * @param name the new name
     * @return this builder
     */
    public Builder name(String name) {
      return text("name", name);
    }

    /**
     * Changes (or, with null, clears) the description.
     *
     * @param description the new description
     * @return this builder
     */
    public Builder description(String description) {
      return text("description", description);
    }

    /**
     * Changes the handler.
     *
     * @param handler the new handler name
     * @return this builder
     */
    public Builder handler(String handler) {
      return text("handler", handler);
    }

    /**
     * Switches to (or changes) a cron expression.
     *
     * @param cron the expression
     * @return this builder
     */
    public Builder cron(String cron) {
      return text("cron", cron);
    }

    /**
     * Switches to (or changes) an interval.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder interval(Interval interval) {
      patch
          .putObject("interval")
          .put("value", interval.value())
          .put("unit", interval.unit().json());
      return this;
    }

    /**
     * Changes the time zone.
     *
     * @param timezone an IANA zone id
     * @return this builder
     */
    public Builder timezone(String timezone) {
      return text("timezone", timezone);
    }

    /**
     * Changes (or, with null, removes) the run limit.
     *
     * @param runs the new limit
     * @return this builder
     */
    public Builder runs(Integer runs) {
      if (runs == null) {
        patch.putNull("runs");
      } else {
        patch.put("runs", runs);
      }
      return this;
    }

    /**
     * Changes (or, with null, removes) the stop time.
     *
     * @param stopAt the new stop time
     * @return this builder
     */
    public Builder stopAt(Instant stopAt) {
      return text("stop_at", Json.time(stopAt));
    }

    /**
     * Changes the delivery.
     *
     * @param delivery the new delivery
     * @return this builder
     */
    public Builder delivery(Delivery delivery) {
      if (delivery == null) {
        patch.putNull("delivery");
      } else {
        patch.set("delivery", JobRequestJson.delivery(delivery));
      }
      return this;
    }

    /**
     * Changes (or, with null, removes) the payload.
     *
     * @param payload the new payload
     * @return this builder
     */
    public Builder payload(Object payload) {
      payloadProblem = null;
      JsonNode tree;
      try {
        tree = Json.toTree(payload);
      } catch (IllegalArgumentException e) {
        payloadProblem = e.getMessage();
        patch.remove("payload");
        return this;
      }
      if (tree == null) {
        patch.putNull("payload");
      } else {
        patch.set("payload", tree);
      }
      return this;
    }

    /**
     * Changes the timeout of future jobs, in whole seconds (1 to 604,800).
     *
     * @param seconds the new timeout in seconds
     * @return this builder
     */
    public Builder timeoutSeconds(long seconds) {
      patch.put("timeout", seconds);
      return this;
    }

    /**
     * Changes the retries of future jobs.
     *
     * @param maxRetries the new retries
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      patch.put("max_retries", maxRetries);
      return this;
    }

    /**
     * Changes the misfire policy.
     *
     * @param policy the new policy
     * @return this builder
     */
    public Builder misfirePolicy(MisfirePolicy policy) {
      return text("misfire_policy", policy.json());
    }

    /**
     * Changes the overlap policy.
     *
     * @param policy the new policy
     * @return this builder
     */
    public Builder overlapPolicy(OverlapPolicy policy) {
      return text("overlap_policy", policy.json());
    }

    /**
     * Builds the update. The changed schedule is checked when the update is applied.
     *
     * @return the update
     * @throws ValidationException if the payload could not be converted to JSON, or a value is
     *     nested deeper than 64 levels or holds U+0000
     */
    public ScheduleUpdate build() {
      List<ValidationException.FieldError> errors = new ArrayList<>();
      if (payloadProblem != null) {
        errors.add(new ValidationException.FieldError("payload", payloadProblem));
      }
      patch
          .properties()
          .forEach(e -> errors.addAll(PayloadRules.problems(e.getKey(), e.getValue())));
      if (!errors.isEmpty()) {
        throw new ValidationException(errors);
      }
      return new ScheduleUpdate(patch.deepCopy());
    }
  }
}
