package dev.chronos;

import java.time.Duration;

/**
 * A positive amount of time from now: {@code value × unit}, as the API's {@code delay: {value,
 * unit}}.
 *
 * <p>{@link Interval} has the same shape and limits on purpose, and is a separate type on purpose:
 * a delay is an offset applied once, when a job is submitted, while an interval is a schedule's
 * cadence, applied at every fire from the previous nominal time. Two types keep the compiler from
 * taking one for the other ({@code JobRequest.Builder.delay} accepts no interval and {@code
 * ScheduleRequest.Builder.interval} no delay), and let each error name its own field ({@code
 * delay.value} and {@code interval.value}). They share {@link DelayUnit} and the 10-year bound.
 *
 * @param value a positive whole number of units
 * @param unit the unit
 */
public record Delay(long value, DelayUnit unit) {

  /** The longest delay accepted: ten years. */
  public static final Duration MAX = Duration.ofDays(3650);

  /**
   * Validates the delay.
   *
   * @throws JobValidationException naming {@code delay.value} or {@code delay.unit}
   */
  public Delay {
    if (unit == null) {
      throw new JobValidationException("delay.unit", "is required");
    }
    if (value <= 0) {
      throw new JobValidationException("delay.value", "must be a positive integer");
    }
    // Whole seconds on both sides (Duration.dividedBy(Duration) divides BigDecimals: a profile of
    // the HTTP submit path found it in every parsed delay).
    if (value > MAX.toSeconds() / unit.length().toSeconds()) {
      throw new JobValidationException("delay.value", "must be at most 10 years");
    }
  }

  /**
   * Creates a delay.
   *
   * @param value a positive whole number of units
   * @param unit the unit
   * @return the delay
   */
  public static Delay of(long value, DelayUnit unit) {
    return new Delay(value, unit);
  }

  /**
   * Returns the delay as a duration.
   *
   * @return {@code value × unit}
   */
  public Duration toDuration() {
    return unit.length().multipliedBy(value);
  }
}
