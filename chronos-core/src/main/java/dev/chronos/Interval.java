package dev.chronos;

import java.time.Duration;

/**
 * A schedule's fixed cadence, the API's {@code interval: {value, unit}}. Days and weeks are fixed
 * durations of 24 h and 168 h. Same shape as {@link Delay}, which says why they are two types.
 *
 * @param value a positive whole number of units
 * @param unit the unit
 */
public record Interval(long value, DelayUnit unit) {
  /**
   * Validates the interval: the shortest is one second, the longest 10 years.
   *
   * @throws ValidationException naming {@code interval.value} or {@code interval.unit}
   */
  public Interval {
    if (unit == null) {
      throw new ValidationException("interval.unit", "is required");
    }
    if (value <= 0) {
      throw new ValidationException("interval.value", "must be a positive integer");
    }
    if (value > Delay.MAX.dividedBy(unit.length())) {
      throw new ValidationException("interval.value", "must be at most 10 years");
    }
  }

  /**
   * Creates an interval.
   *
   * @param value a positive number of units
   * @param unit the unit
   * @return the interval
   */
  public static Interval of(long value, DelayUnit unit) {
    return new Interval(value, unit);
  }

  /**
   * The interval as a duration.
   *
   * @return {@code value × unit}
   */
  public Duration toDuration() {
    return unit.length().multipliedBy(value);
  }
}
