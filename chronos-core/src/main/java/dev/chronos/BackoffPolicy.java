package dev.chronos;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * How long to wait before the next attempt after a failed one. The default is the API's documented
 * {@link #exponential() exponential backoff with jitter}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface BackoffPolicy {

  /**
   * The wait after a failed attempt.
   *
   * @param failedAttempt the number of the attempt that failed, from 1
   * @return how long to wait before the next attempt, not negative
   */
  Duration delayAfter(int failedAttempt);

  /**
   * The API's backoff: {@code base = min(1 s × 2^(attempt−1), 1 h)}, {@code delay = min(base +
   * uniform(0, base), 1 h)}; so 1–2 s after the first attempt, 2–4 s after the second, capped at
   * one hour.
   *
   * @return the default policy
   */
  static BackoffPolicy exponential() {
    return exponential(Duration.ofSeconds(1), Duration.ofHours(1), null);
  }

  /**
   * The API's backoff shape with another base, cap and source of randomness (seed it in tests).
   *
   * @param base the wait after the first failed attempt before jitter
   * @param cap the longest wait
   * @param random the source of jitter, or null for {@link ThreadLocalRandom}
   * @return the policy
   */
  static BackoffPolicy exponential(Duration base, Duration cap, Random random) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("base must be positive and cap at least base");
    }
    long baseNanos = base.toNanos();
    long capNanos = cap.toNanos();
    LongUnaryOperator jitter =
        random == null
            ? bound -> ThreadLocalRandom.current().nextLong(bound + 1)
            : bound -> {
              synchronized (random) {
                return (long) (random.nextDouble() * (bound + 1));
              }
            };
    return failedAttempt -> {
      if (failedAttempt < 1) {
        throw new IllegalArgumentException("attempt must be 1 or more, was " + failedAttempt);
      }
      int shift = Math.min(failedAttempt - 1, 62);
      long raw = baseNanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : baseNanos << shift;
      long b = Math.min(raw, capNanos);
      return Duration.ofNanos(Math.min(b + jitter.applyAsLong(b), capNanos));
    };
  }

  /**
   * The same wait after every failed attempt (useful in tests and for rate-limited endpoints).
   *
   * @param delay the wait
   * @return the policy
   */
  static BackoffPolicy fixed(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    return failedAttempt -> delay;
  }
}
