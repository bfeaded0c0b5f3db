package dev.chronos.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Delay;
import dev.chronos.DelayUnit;
import dev.chronos.Delivery;
import dev.chronos.JobRequest;
import dev.chronos.JobValidationException;
import dev.chronos.ValidationException;
import dev.chronos.ValidationException.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and writes the API's {@code POST /v1/jobs} body. Reading is strict: mistyped values and
 * unknown fields are errors, reported together with the request's validation errors.
 */
public final class JobRequestJson {
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "handler",
          "payload",
          "delay",
          "scheduled_for",
          "idempotency_key",
          "delivery",
          "timeout",
          "max_retries",
          "account");

  private JobRequestJson() {}

  /** Parses JSON text. */
  public static JobRequest parse(String text) {
    JsonNode node;
    try {
      node = body(text);
    } catch (ValidationException e) {
      throw new JobValidationException(e.errors());
    }
    return parse(node);
  }

  /**
   * Reads a request body's JSON text; malformed text (also text nested deeper than Jackson's reader
   * allows) is a validation error on {@code body}.
   */
  public static JsonNode body(String text) {
    if (text == null) {
      throw new ValidationException("body", "is required");
    }
    try {
      return Json.read(text);
    } catch (JsonProcessingException e) {
      throw new ValidationException(
          "body", "is not valid JSON: " + e.getOriginalMessage().split("\n")[0]);
    }
  }

  /** Parses a JSON tree. */
  public static JobRequest parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new JobValidationException("body", "must be a JSON object");
    }
    Reader in = new Reader(node);
    JobRequest.Builder b = JobRequest.builder();
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                in.error(f, "is not a known field");
              }
            });
    b.name(in.string("name"));
    String handler = in.string("handler");
    b.handler(handler);
    b.idempotencyKey(in.string("idempotency_key"));
    b.account(in.string("account"));
    JsonNode payload = node.get("payload");
    if (payload != null && !payload.isNull()) {
      b.payload(payload);
    }
    b.delay(in.delay(node.get("delay")));
    b.scheduledFor(in.instant("scheduled_for"));
    Duration timeout = in.timeout();
    if (timeout != null) {
      b.timeoutSeconds(timeout.toSeconds());
    }
    Integer maxRetries = in.maxRetries();
    if (maxRetries != null) {
      b.maxRetries(maxRetries);
    }
    b.delivery(in.delivery(node.get("delivery")));

    List<FieldError> errors = new ArrayList<>(in.errors);
    // A push delivery that did not parse leaves the builder on its default, pull, which would
    // then ask for a handler the push job does not need: only that one error is not the caller's.
    boolean pushRequested = "push".equals(node.path("delivery").path("type").asText(null));
    try {
      JobRequest request = b.build();
      if (errors.isEmpty()) {
        return request;
      }
    } catch (JobValidationException e) {
      mergeRuleErrors(errors, e.errors(), pushRequested && handler == null);
      if (errors.isEmpty()) {
        throw e; // every rule error was one of the above; never throw an empty exception
      }
    }
    throw new JobValidationException(errors);
  }

  /**
   * Adds the rules' errors to the reader's, leaving out those of fields the reader already reported
   * (a mistyped field is also "required" to the rules) and, when asked, the pull default's "handler
   * is required".
   */
  static void mergeRuleErrors(
      List<FieldError> errors, List<FieldError> ruleErrors, boolean ignoreHandlerRequired) {
    Set<String> seen = errors.stream().map(FieldError::field).collect(Collectors.toSet());
    for (FieldError error : ruleErrors) {
      boolean reported =
          seen.stream().anyMatch(f -> error.field().equals(f) || error.field().startsWith(f + "."));
      boolean pullDefault = ignoreHandlerRequired && error.field().equals("handler");
      if (!reported && !pullDefault) {
        errors.add(error);
      }
    }
  }

  /**
   * Writes a request as the API's body.
   *
   * @param withSecrets whether push header values and the URL's query string are written as they
   *     are, or as {@code [redacted]}
   */
  public static ObjectNode write(JobRequest r, boolean withSecrets) {
    ObjectNode o = Json.object();
    o.put("name", r.name());
    if (r.handler() != null) {
      o.put("handler", r.handler());
    }
    if (r.payload() != null) {
      o.set("payload", r.payload());
    }
    r.delay()
        .ifPresent(d -> o.putObject("delay").put("value", d.value()).put("unit", d.unit().json()));
    r.scheduledFor().ifPresent(t -> o.put("scheduled_for", Json.time(t)));
    r.idempotencyKey().ifPresent(k -> o.put("idempotency_key", k));
    o.set("delivery", delivery(r.delivery(), withSecrets));
    o.put("timeout", r.timeout().toSeconds());
    o.put("max_retries", r.maxRetries());
    o.put("account", r.account());
    return o;
  }

  /** The API's {@code delivery} object, complete (what a stored or patched delivery needs). */
  public static ObjectNode delivery(Delivery delivery) {
    return delivery(delivery, true);
  }

  /**
   * The API's {@code delivery} object.
   *
   * @param withSecrets whether header values and the URL's query string are written as they are, or
   *     as {@code [redacted]} ({@link Secrets})
   */
  public static ObjectNode delivery(Delivery delivery, boolean withSecrets) {
    ObjectNode o = Json.object();
    o.put("type", delivery.type());
    if (delivery instanceof Delivery.Push push) {
      ObjectNode http = o.putObject("http");
      http.put("url", withSecrets ? push.url() : Secrets.url(push.url()));
      http.put("method", push.method());
      if (!push.headers().isEmpty()) {
        ObjectNode headers = http.putObject("headers");
        (withSecrets ? push.headers() : Secrets.headers(push.headers())).forEach(headers::put);
      }
    }
    return o;
  }

  /** Reads typed fields and collects every type error. */
  public static final class Reader {
    final JsonNode node;
    final List<FieldError> errors = new ArrayList<>();

    /** A reader of one JSON object. */
    public Reader(JsonNode node) {
      this.node = node;
    }

    void error(String field, String message) {
      errors.add(new FieldError(field, message));
    }

    /** The {@code timeout} field in seconds, or null if absent or invalid (reported). */
    Duration timeout() {
      Long seconds = integer("timeout");
      if (seconds == null) {
        return null;
      }
      if (seconds <= 0) {
        error("timeout", "must be a positive number of seconds");
        return null;
      }
      return Duration.ofSeconds(seconds);
    }

    /** The {@code max_retries} field, or null if absent or invalid (reported). */
    Integer maxRetries() {
      Long value = integer("max_retries");
      if (value == null) {
        return null;
      }
      if (value < 0 || value > Integer.MAX_VALUE) {
        error("max_retries", "must be between 0 and " + JobRequestValidation.MAX_RETRIES);
        return null;
      }
      return value.intValue();
    }

    /** Reports every field of a nested object that is not one of the known ones. */
    void onlyFields(JsonNode object, String path, Set<String> known) {
      object
          .fieldNames()
          .forEachRemaining(
              f -> {
                if (!known.contains(f)) {
                  error(path + "." + f, "is not a known field");
                }
              });
    }

    String string(String field) {
      return string(node, field, field);
    }

    String string(JsonNode parent, String key, String field) {
      JsonNode v = parent.get(key);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isTextual()) {
        error(field, "must be a string");
        return null;
      }
      return v.textValue();
    }

    Long integer(String field) {
      return integer(node.get(field), field);
    }

    Long integer(JsonNode v, String field) {
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        error(field, "must be an integer");
        return null;
      }
      return v.longValue();
    }

    Instant instant(String field) {
      String text = string(field);
      if (text == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        error(field, "must be an ISO-8601 date-time with an offset, e.g. 2027-02-15T00:00:00Z");
        return null;
      }
    }

    Delay delay(JsonNode v) {
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isObject()) {
        error("delay", "must be an object {value, unit}");
        return null;
      }
      onlyFields(v, "delay", Set.of("value", "unit"));
      Long value = integer(v.get("value"), "delay.value");
      String unitName = string(v, "unit", "delay.unit");
      DelayUnit unit = null;
      int before = errors.size();
      if (v.get("value") == null || v.get("value").isNull()) {
        error("delay.value", "is required");
      } else if (value != null && value <= 0) {
        error("delay.value", "must be a positive integer");
      }
      if (unitName == null) {
        if (v.get("unit") == null || v.get("unit").isNull()) {
          error("delay.unit", "is required");
        }
      } else {
        unit = DelayUnit.fromJson(unitName).orElse(null);
        if (unit == null) {
          error("delay.unit", "must be one of second, minute, hour, day, week");
        }
      }
      if (errors.size() > before || value == null || unit == null) {
        return null;
      }
      try {
        return Delay.of(value, unit);
      } catch (ValidationException e) {
        errors.addAll(e.errors());
        return null;
      }
    }

    Delivery delivery(JsonNode v) {
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isObject()) {
        error("delivery", "must be an object");
        return null;
      }
      onlyFields(v, "delivery", Set.of("type", "http"));
      String type = string(v, "type", "delivery.type");
      if (type == null) {
        if (v.get("type") == null || v.get("type").isNull()) {
          error("delivery.type", "is required");
        }
        return null;
      }
      switch (type) {
        case "pull":
          if (v.get("http") != null && !v.get("http").isNull()) {
            error("delivery.http", "is only for push delivery");
          }
          return Delivery.pull();
        case "push":
          break;
        default:
          error("delivery.type", "must be pull or push");
          return null;
      }
      JsonNode http = v.get("http");
      if (http == null || http.isNull()) {
        error("delivery.http", "is required for push delivery");
        return null;
      }
      if (!http.isObject()) {
        error("delivery.http", "must be an object {url, method, headers}");
        return null;
      }
      onlyFields(http, "delivery.http", Set.of("url", "method", "headers"));
      String url = string(http, "url", "delivery.http.url");
      String method = string(http, "method", "delivery.http.method");
      if (url == null && (http.get("url") == null || http.get("url").isNull())) {
        error("delivery.http.url", "is required");
      }
      if (method == null && (http.get("method") == null || http.get("method").isNull())) {
        error("delivery.http.method", "is required");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      JsonNode h = http.get("headers");
      if (h != null && !h.isNull()) {
        if (!h.isObject()) {
          error("delivery.http.headers", "must be an object of strings");
        } else {
          h.properties()
              .forEach(
                  e -> {
                    if (e.getValue().isTextual()) {
                      headers.put(e.getKey(), e.getValue().textValue());
                    } else {
                      error("delivery.http.headers." + e.getKey(), "must be a string");
                    }
                  });
        }
      }
      if (url == null || method == null) {
        return null;
      }
      return Delivery.push(url, method, headers);
    }
  }
}
