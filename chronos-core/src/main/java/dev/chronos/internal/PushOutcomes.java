package dev.chronos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chronos.spi.ExecutionOutcome;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * How a push endpoint's answer ends the attempt, the one place that decides it:
 *
 * <ul>
 *   <li>2xx: completed; the result is the response body as JSON when it is complete and parses,
 *       else as text (first {@value #BODY_LIMIT} bytes), or null when empty.
 *   <li>3xx: failed without retry. Redirects are never followed: the URL is what was checked, and
 *       the same request would get the same redirect.
 *   <li>408, 429 and 503: failed and retried, at the backoff's time or at {@code Retry-After}
 *       (seconds or an HTTP date) if that is later, capped at {@value #MAX_RETRY_AFTER_HOURS} h.
 *   <li>Other 4xx: failed without retry, with the status in the error.
 *   <li>Other 5xx and anything else: failed and retried with backoff.
 *   <li>No answer within the job's timeout: timed out, retried. Network errors (refused, reset,
 *       DNS): failed, retried.
 * </ul>
 *
 * <p>Every answer records its HTTP status; the error of a failure quotes the start of the body
 * (cleaned by {@link StoredText}).
 */
final class PushOutcomes {
  /** How much of a response body is read and kept. */
  static final int BODY_LIMIT = 4096;

  static final int MAX_RETRY_AFTER_HOURS = 24;
  private static final int MAX_ERROR = 4000;

  private PushOutcomes() {}

  /**
   * The outcome of a response.
   *
   * @param executionId the attempt
   * @param status the HTTP status
   * @param retryAfter the {@code Retry-After} header, or null
   * @param location the {@code Location} header, or null
   * @param body the start of the body
   * @param now the current time
   * @param backoff when the next attempt would run by the backoff policy
   */
  static ExecutionOutcome ofResponse(
      UUID executionId,
      int status,
      String retryAfter,
      String location,
      BoundedBody.Captured body,
      Instant now,
      Instant backoff) {
    ExecutionOutcome outcome;
    if (status >= 200 && status < 300) {
      outcome = ExecutionOutcome.completed(executionId, result(body));
    } else if (status >= 300 && status < 400) {
      outcome =
          ExecutionOutcome.failed(
              executionId,
              error(
                  "HTTP "
                      + status
                      + " redirect"
                      + (location == null ? "" : " to " + StoredText.clean(location, 500))
                      + " was not followed: push delivery never follows redirects;"
                      + " point the job at the final URL",
                  body),
              null);
    } else if (status == 408 || status == 429 || status == 503) {
      outcome =
          ExecutionOutcome.failed(
              executionId, error("HTTP " + status, body), later(backoff, retryAfter, now));
    } else if (status >= 400 && status < 500) {
      outcome = ExecutionOutcome.failed(executionId, error("HTTP " + status, body), null);
    } else {
      outcome = ExecutionOutcome.failed(executionId, error("HTTP " + status, body), backoff);
    }
    return outcome.withHttpStatus(status);
  }

  /**
   * The outcome of a request that got no answer.
   *
   * @param executionId the attempt
   * @param error why
   * @param timeout the job's timeout, for the message
   * @param backoff when the next attempt would run
   */
  static ExecutionOutcome ofError(
      UUID executionId, Throwable error, Duration timeout, Instant backoff) {
    if (error instanceof HttpTimeoutException) {
      return ExecutionOutcome.timedOut(
          executionId,
          "timed out after "
              + timeout.toSeconds()
              + " s without an answer from the push endpoint ("
              + Dispatcher.describe(error)
              + ")",
          backoff);
    }
    return ExecutionOutcome.failed(
        executionId, StoredText.clean("network error: " + chain(error), MAX_ERROR), backoff);
  }

  /** The error and its causes, which often say more ("Connection refused"). */
  private static String chain(Throwable error) {
    StringBuilder b = new StringBuilder(Dispatcher.describe(error));
    Throwable cause = error.getCause();
    for (int depth = 0; cause != null && cause != error && depth < 3; depth++) {
      b.append("; caused by ").append(Dispatcher.describe(cause));
      error = cause;
      cause = cause.getCause();
    }
    return b.toString();
  }

  /** The later of the backoff and {@code Retry-After}, which is capped. */
  static Instant later(Instant backoff, String retryAfter, Instant now) {
    Optional<Instant> asked = retryAfter(retryAfter, now);
    if (asked.isEmpty() || !asked.get().isAfter(backoff)) {
      return backoff;
    }
    Instant cap = now.plus(Duration.ofHours(MAX_RETRY_AFTER_HOURS));
    return (asked.get().isAfter(cap) ? cap : asked.get()).truncatedTo(ChronoUnit.MICROS);
  }

  /** {@code Retry-After} as an instant: delay seconds or an HTTP date; empty if unreadable. */
  static Optional<Instant> retryAfter(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (!v.isEmpty() && v.length() <= 10 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of(now.plusSeconds(Long.parseLong(v)));
    }
    try {
      return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A 2xx body as the job's result. */
  static JsonNode result(BoundedBody.Captured body) {
    if (body.bytes().length == 0) {
      return null;
    }
    if (!body.truncated()) {
      try {
        JsonNode json = Json.read(body.bytes());
        if (json != null && !json.isMissingNode()) {
          return StoredText.result(json, Integer.MAX_VALUE); // the body is capped already
        }
      } catch (UncheckedIOException | IllegalArgumentException e) {
        // not JSON: keep it as text
      }
    }
    return TextNode.valueOf(snippet(body, BODY_LIMIT));
  }

  private static String error(String head, BoundedBody.Captured body) {
    if (body.bytes().length == 0) {
      return head;
    }
    return head + ": " + snippet(body, MAX_ERROR - head.length() - 3);
  }

  /** The body as cleaned text of at most {@code max} characters, marked with … if cut. */
  private static String snippet(BoundedBody.Captured body, int max) {
    String text = new String(body.bytes(), StandardCharsets.UTF_8);
    String kept = StoredText.clean(text, max);
    return body.truncated() || kept.length() < text.length() ? kept + "…" : kept;
  }
}
