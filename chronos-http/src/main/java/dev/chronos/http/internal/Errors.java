package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.ChronosException;
import dev.chronos.HandlerRequiredForPullException;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.JobNotFoundException;
import dev.chronos.JobStateConflictException;
import dev.chronos.LeaseExpiredException;
import dev.chronos.ScheduleArchivedException;
import dev.chronos.ScheduleCompletedException;
import dev.chronos.ScheduleConflictException;
import dev.chronos.ScheduleNotFoundException;
import dev.chronos.StoreRejectedException;
import dev.chronos.StoreUnavailableException;
import dev.chronos.ValidationException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the API's error envelope, in one place: the status and code of each
 * exception, and a 500 {@code internal_error} that says nothing of the cause (which is logged with
 * an id the body repeats).
 */
public final class Errors {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.http");

  private Errors() {}

  /** The response for a failure of a route or of the API's own checks. */
  public static ApiResponse response(Throwable t) {
    if (t instanceof ApiError e) {
      ApiResponse r = envelope(e.status(), e.code(), e.getMessage(), e.errors());
      return e.retryAfter() == null ? r : r.withHeader("Retry-After", e.retryAfter());
    }
    if (t instanceof HandlerRequiredForPullException e) {
      return envelope(400, e.code(), e.getMessage(), e.errors());
    }
    if (t instanceof ValidationException e) {
      return envelope(422, "validation_error", "Validation failed", e.errors());
    }
    if (t instanceof IdempotencyKeyConflictException e) {
      ObjectNode body =
          ApiJson.error(
              e.code(),
              "A job with idempotency key '" + e.idempotencyKey() + "' already exists",
              List.of());
      body.putObject("data").put("existing_job_id", e.existingJobId().toString());
      return ApiResponse.json(409, ApiJson.bytes(body));
    }
    if (t instanceof JobNotFoundException) {
      return envelope(404, "job_not_found", "No such job", List.of());
    }
    if (t instanceof ScheduleNotFoundException) {
      return envelope(404, "schedule_not_found", "No such schedule", List.of());
    }
    if (t instanceof ScheduleArchivedException
        || t instanceof ScheduleCompletedException
        || t instanceof ScheduleConflictException
        || t instanceof JobStateConflictException
        || t instanceof LeaseExpiredException) {
      ChronosException e = (ChronosException) t;
      return envelope(409, e.code(), e.getMessage(), List.of());
    }
    if (t instanceof StoreUnavailableException) {
      log.warn("The store could not be reached: {}", t.toString());
      return envelope(503, "store_unavailable", "The store cannot be reached; try again", List.of())
          .withHeader("Retry-After", "1");
    }
    if (t instanceof StoreRejectedException e) {
      return envelope(422, e.code(), "The store refused this data", List.of());
    }
    String id = UUID.randomUUID().toString();
    log.error("Internal error {}", id, t);
    return envelope(500, "internal_error", "Internal error (id " + id + ")", List.of());
  }

  /** An error envelope. */
  public static ApiResponse envelope(
      int status, String code, String message, List<ValidationException.FieldError> errors) {
    return ApiResponse.json(status, ApiJson.bytes(ApiJson.error(code, message, errors)));
  }
}
