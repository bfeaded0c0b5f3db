package dev.chronos.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A fixed interval: each fire is one interval after the previous nominal fire time, however late
 * the previous job ran, so the cadence never drifts. Days and weeks are fixed durations (24 h, 168
 * h), not calendar days.
 */
public final class IntervalCadence implements Cadence {
  private final Duration interval;

  /** An interval of a positive duration. */
  public IntervalCadence(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.interval = interval;
  }

  @Override
  public Optional<Instant> next(Instant after) {
    return Optional.of(after.plus(interval));
  }

  /**
   * The first fire time on the cadence anchored at {@code anchor} that is strictly after {@code
   * after} (used after downtime: whole intervals are skipped, the phase is kept).
   */
  public Instant nextOnCadence(Instant anchor, Instant after) {
    if (anchor.isAfter(after)) {
      return anchor;
    }
    long steps = Duration.between(anchor, after).dividedBy(interval) + 1;
    return anchor.plus(interval.multipliedBy(steps));
  }

  @Override
  public String toString() {
    return "every " + interval;
  }
}
