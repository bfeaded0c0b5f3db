package dev.chronos;

import java.util.Locale;

/**
 * Where a schedule is in its lifecycle: {@code ACTIVE → COMPLETED} by itself ({@code runs} reached
 * or {@code stop_at} passed), {@code ACTIVE ⇄ PAUSED} by hand ({@link Schedules#pause}, {@link
 * Schedules#resume}), and {@code ACTIVE/PAUSED → ARCHIVED} by hand. Paused schedules spawn nothing
 * until resumed; completed and archived schedules spawn nothing more. In JSON the status is written
 * in lower case.
 */
public enum ScheduleStatus {
  /** Spawning jobs on its cadence. */
  ACTIVE,
  /**
   * Stopped by hand for a while: no fires; its pending jobs stay. On resume its misfire policy
   * decides about the fires it missed.
   */
  PAUSED,
  /** Ended by itself. */
  COMPLETED,
  /** Stopped by hand; its pending jobs were cancelled. */
  ARCHIVED;

  /**
   * Returns the API's spelling.
   *
   * @return the lower-case name
   */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the API's spelling, case-insensitively.
   *
   * @param value for example {@code active}
   * @return the status
   * @throws IllegalArgumentException if the value names no status
   */
  public static ScheduleStatus fromJson(String value) {
    for (ScheduleStatus s : values()) {
      if (s.name().equalsIgnoreCase(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown schedule status '" + value + "'");
  }
}
