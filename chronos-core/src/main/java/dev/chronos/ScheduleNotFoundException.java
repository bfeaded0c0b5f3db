package dev.chronos;

import java.util.UUID;

/** No schedule with this id exists in the account (API code {@code schedule_not_found}). */
public final class ScheduleNotFoundException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final UUID scheduleId;

  /**
   * Creates the exception.
   *
   * @param scheduleId the id that was looked up
   */
  public ScheduleNotFoundException(UUID scheduleId) {
    super("schedule_not_found", "Schedule " + scheduleId + " not found");
    this.scheduleId = scheduleId;
  }

  /**
   * Returns the id that was looked up.
   *
   * @return the schedule id
   */
  public UUID scheduleId() {
    return scheduleId;
  }
}
