package dev.chronos;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The units a {@link Delay} can be given in, as the API names them. */
public enum DelayUnit {
  /** One second. */
  SECOND(Duration.ofSeconds(1)),
  /** Sixty seconds. */
  MINUTE(Duration.ofMinutes(1)),
  /** Sixty minutes. */
  HOUR(Duration.ofHours(1)),
  /** Twenty-four hours (a fixed duration, not a calendar day). */
  DAY(Duration.ofDays(1)),
  /** Seven days of twenty-four hours. */
  WEEK(Duration.ofDays(7));

  private final Duration length;

  DelayUnit(Duration length) {
    this.length = length;
  }

  /**
   * Returns the length of one unit.
   *
   * @return the unit's duration
   */
  public Duration length() {
    return length;
  }

  /**
   * Returns the API's spelling ({@code second}, {@code hour}, ...).
   *
   * @return the lower-case name
   */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the API's spelling, case-insensitively.
   *
   * @param value for example {@code hour}
   * @return the unit, or empty if the value names no unit
   */
  public static Optional<DelayUnit> fromJson(String value) {
    for (DelayUnit u : values()) {
      if (u.name().equalsIgnoreCase(value)) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }
}
