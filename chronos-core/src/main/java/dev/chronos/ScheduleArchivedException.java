package dev.chronos;

import java.util.UUID;

/**
 * The schedule is archived, so it can be neither updated nor archived again (API code {@code
 * schedule_archived}, HTTP 409).
 */
public final class ScheduleArchivedException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final UUID scheduleId;

  /**
   * Creates the exception.
   *
   * @param scheduleId the schedule
   */
  public ScheduleArchivedException(UUID scheduleId) {
    super("schedule_archived", "Schedule " + scheduleId + " is archived");
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
