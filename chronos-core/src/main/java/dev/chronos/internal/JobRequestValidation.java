package dev.chronos.internal;

import dev.chronos.Delay;
import dev.chronos.Delivery;
import dev.chronos.JobRequest;
import dev.chronos.JobValidationException;
import dev.chronos.ValidationException.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every validation rule for one-off job requests (the API's, and the limits in docs/decisions.md).
 * Rules that need no clock run when the request is built; {@link #requireNotPast} runs at submit.
 */
public final class JobRequestValidation {
  static final int MAX_TEXT = 255;
  static final int MAX_PAYLOAD_BYTES = 64 * 1024;
  static final Duration MAX_TIMEOUT = Duration.ofDays(7);
  static final int MAX_RETRIES = 100;
  static final int MAX_HEADERS = 50;
  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  /** Headers Chronos sets itself or the HTTP client does not allow. */
  static final Set<String> RESERVED_HEADERS =
      Set.of(
          "content-type",
          "content-length",
          "user-agent",
          "host",
          "connection",
          "expect",
          "upgrade",
          "transfer-encoding");

  private JobRequestValidation() {}

  /**
   * Throws a {@link JobValidationException} listing every problem of the request, if any.
   *
   * @param request the request
   * @param payloadProblems what {@link PayloadRules} (or the conversion to JSON) found wrong with
   *     the payload before it was copied into the request; when not empty, they stand for the
   *     payload's rules and the request holds no payload
   */
  public static void requireValid(JobRequest request, List<FieldError> payloadProblems) {
    List<FieldError> errors = errors(request, payloadProblems);
    if (!errors.isEmpty()) {
      throw new JobValidationException(errors);
    }
  }

  /** Every problem of the request that does not depend on the clock, in field order. */
  public static List<FieldError> errors(JobRequest r, List<FieldError> payloadProblems) {
    List<FieldError> errors = new ArrayList<>();
    text(errors, "name", r.name(), true);
    handler(errors, r.handler(), r.delivery());
    if (payloadProblems.isEmpty()) {
      payload(errors, r.payload());
    } else {
      errors.addAll(payloadProblems);
    }
    if (r.delay().isPresent() && r.scheduledFor().isPresent()) {
      errors.add(new FieldError("scheduled_for", "cannot be combined with delay"));
    }
    r.idempotencyKey().ifPresent(key -> text(errors, "idempotency_key", key, true));
    timeout(errors, r.timeout());
    maxRetries(errors, r.maxRetries());
    text(errors, "account", r.account(), true);
    if (r.delivery() instanceof Delivery.Push push) {
      push(errors, push);
    }
    return errors;
  }

  /**
   * At submit: a {@code scheduled_for} before {@code now}, or further ahead than the longest delay
   * (10 years), is rejected.
   */
  public static void requireNotPast(JobRequest request, Instant now) {
    request
        .scheduledFor()
        .ifPresent(
            at -> {
              if (at.isBefore(now)) {
                throw new JobValidationException(
                    "scheduled_for", "must be in the future (was " + Json.time(at) + ")");
              }
              if (at.isAfter(now.plus(Delay.MAX))) {
                throw new JobValidationException(
                    "scheduled_for", "must be at most 10 years ahead (was " + Json.time(at) + ")");
              }
            });
  }

  static void payload(List<FieldError> errors, com.fasterxml.jackson.databind.JsonNode payload) {
    if (payload == null) {
      return;
    }
    if (!payload.isObject()) {
      errors.add(new FieldError("payload", "must be a JSON object"));
    } else if (payload.isEmpty()) {
      errors.add(new FieldError("payload", "must not be empty (leave it out instead)"));
    } else {
      int size = Json.byteSize(payload);
      if (size > MAX_PAYLOAD_BYTES) {
        errors.add(
            new FieldError(
                "payload", "must be at most 64 KB when serialized (was " + size + " bytes)"));
      }
    }
  }

  static void handler(List<FieldError> errors, String handler, dev.chronos.Delivery delivery) {
    if (handler != null || delivery instanceof Delivery.Pull) {
      String problem = HandlerNames.problem(handler);
      if (problem != null) {
        errors.add(
            new FieldError("handler", handler == null ? "is required for pull delivery" : problem));
        return;
      }
    }
    if (handler != null) {
      storable(errors, "handler", handler);
    }
  }

  static void maxRetries(List<FieldError> errors, int maxRetries) {
    if (maxRetries < 0) {
      errors.add(new FieldError("max_retries", "must be 0 or more"));
    } else if (maxRetries > MAX_RETRIES) {
      errors.add(new FieldError("max_retries", "must be at most " + MAX_RETRIES));
    }
  }

  static void text(List<FieldError> errors, String field, String value, boolean required) {
    if (value == null) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
    } else if (value.isBlank()) {
      errors.add(new FieldError(field, "must not be blank"));
    } else if (value.length() > MAX_TEXT) {
      errors.add(
          new FieldError(
              field, "must be at most " + MAX_TEXT + " characters (was " + value.length() + ")"));
    } else {
      storable(errors, field, value);
    }
  }

  /** A text no store can keep as given (U+0000, an unpaired surrogate) is an error on its field. */
  static void storable(List<FieldError> errors, String field, String value) {
    String problem = value == null ? null : PayloadRules.textProblem(value);
    if (problem != null) {
      errors.add(new FieldError(field, problem));
    }
  }

  static void timeout(List<FieldError> errors, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      errors.add(new FieldError("timeout", "must be a positive number of seconds"));
    } else if (timeout.compareTo(MAX_TIMEOUT) > 0) {
      errors.add(
          new FieldError("timeout", "must be at most " + MAX_TIMEOUT.toSeconds() + " seconds"));
    }
  }

  static void push(List<FieldError> errors, Delivery.Push push) {
    String urlProblem = urlProblem(push.url());
    if (urlProblem != null) {
      errors.add(new FieldError("delivery.http.url", urlProblem));
    } else {
      storable(errors, "delivery.http.url", push.url());
    }
    if (!METHODS.contains(push.method())) {
      errors.add(
          new FieldError("delivery.http.method", "must be one of GET, POST, PUT, PATCH, DELETE"));
    }
    if (push.headers().size() > MAX_HEADERS) {
      errors.add(new FieldError("delivery.http.headers", "must have at most " + MAX_HEADERS));
    }
    for (Map.Entry<String, String> header : push.headers().entrySet()) {
      String name = header.getKey();
      String field = "delivery.http.headers." + name;
      String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
      if (name == null || name.isEmpty() || !name.chars().allMatch(JobRequestValidation::isToken)) {
        errors.add(new FieldError(field, "is not a valid header name"));
      } else if (RESERVED_HEADERS.contains(lower)
          || lower.startsWith("x-chronos-")
          || lower.startsWith("webhook-")) {
        errors.add(new FieldError(field, "is set by Chronos and cannot be overridden"));
      } else if (header.getValue() == null) {
        errors.add(new FieldError(field, "must be a string"));
      } else if (header.getValue().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        errors.add(new FieldError(field, "must not contain line breaks or U+0000"));
      } else {
        storable(errors, field, header.getValue());
      }
    }
  }

  static String urlProblem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a valid URL: " + e.getReason();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
      return "must be an absolute http or https URL";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not contain user info";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "must name a host";
    }
    if (url.length() > 2048) {
      return "must be at most 2048 characters";
    }
    return null;
  }

  private static boolean isToken(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
