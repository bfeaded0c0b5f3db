package dev.chronos;

import java.util.UUID;

/**
 * The schedule changed between reading and writing it (a concurrent update or fire); nothing was
 * changed: read it again and retry (API code {@code schedule_status_changed}, HTTP 409).
 */
public final class ScheduleConflictException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final UUID scheduleId;

  /**
   * Creates the exception.
   *
   * @param scheduleId the schedule
   */
  public ScheduleConflictException(UUID scheduleId) {
    super(
        "schedule_status_changed",
        "Schedule " + scheduleId + " changed while it was being updated; read it again and retry");
    this.scheduleId = scheduleId;
  }

  /**
   * Returns the schedule's id.
   *
   * @return the schedule id
   */
  public UUID scheduleId() {
    return scheduleId;
  }
}
