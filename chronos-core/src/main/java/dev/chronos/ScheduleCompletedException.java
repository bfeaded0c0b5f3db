package dev.chronos;

import java.util.UUID;

/** The schedule has completed, so it cannot be updated (API code {@code schedule_completed}). */
public final class ScheduleCompletedException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final UUID scheduleId;

  /**
   * Creates the exception.
   *
   * @param scheduleId the schedule
   */
  public ScheduleCompletedException(UUID scheduleId) {
    super("schedule_completed", "Schedule " + scheduleId + " has completed");
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
