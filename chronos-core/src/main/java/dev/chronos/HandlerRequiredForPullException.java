package dev.chronos;

import java.util.List;
import java.util.UUID;

/**
 * A schedule update would leave the schedule on pull delivery without a handler (API code {@code
 * handler_required_for_pull}, HTTP 400): it switched the delivery to pull, or removed the handler
 * of a pull schedule, without naming one. {@link #errors()} names the field, {@code handler}.
 * Nothing was changed. It is a {@link ValidationException}, so callers that handle bad input in one
 * place handle it too; creating a job or schedule without a handler is a plain {@code
 * validation_error}.
 */
public final class HandlerRequiredForPullException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /** The API's error code. */
  public static final String CODE = "handler_required_for_pull";

  private final UUID scheduleId;

  /**
   * Creates the exception.
   *
   * @param scheduleId the schedule that was being updated, or null if unknown
   */
  public HandlerRequiredForPullException(UUID scheduleId) {
    super(
        CODE,
        List.of(new FieldError("handler", "is required for pull delivery")),
        "A schedule on pull delivery needs a handler"
            + (scheduleId == null ? "" : " (schedule " + scheduleId + ")"));
    this.scheduleId = scheduleId;
  }

  /**
   * Returns the schedule's id.
   *
   * @return the schedule id, or null if unknown
   */
  public UUID scheduleId() {
    return scheduleId;
  }
}
