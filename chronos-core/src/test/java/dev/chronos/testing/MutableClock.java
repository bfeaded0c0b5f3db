package dev.chronos.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it. Thread-safe: the engine's threads read
 * it while the test advances it.
 *
 * <p>chronos-core's own tests use this copy: the published one is in the chronos-testing module,
 * which depends on chronos-core and so cannot be a dependency of it, not even for tests. Both have
 * the same name, package and methods, so a test reads the same whichever module it is in.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * A clock standing at {@code start}, in UTC.
   *
   * @param start the initial instant
   * @return the clock
   */
  public static MutableClock at(Instant start) {
    return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start)), ZoneOffset.UTC);
  }

  /**
   * A clock standing at {@code 2026-01-15T09:00:00Z}.
   *
   * @return the clock
   */
  public static MutableClock fixed() {
    return at(Instant.parse("2026-01-15T09:00:00Z"));
  }

  /**
   * Moves the clock forward (or back, for a negative amount).
   *
   * @param amount how far
   * @return the new time
   */
  public Instant advance(Duration amount) {
    return now.updateAndGet(t -> t.plus(amount));
  }

  /**
   * Sets the clock.
   *
   * @param instant the new time
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(now, zone);
  }
}
