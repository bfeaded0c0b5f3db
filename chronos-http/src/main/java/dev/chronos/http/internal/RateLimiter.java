package dev.chronos.http.internal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (an API key's id, or a client address for failed authentications): a key
 * may burst up to its limit, and tokens come back at {@code limit} per 10 seconds (the hosted API's
 * 100 requests per 10 s by default). Per server: N servers behind a balancer allow up to N times
 * the limit. At most {@code maxBuckets} buckets are kept; beyond that all are dropped and start
 * full again, so a flood of new keys cannot grow the heap. Thread-safe: each bucket is updated
 * under its own monitor.
 */
public final class RateLimiter {
  /** The window the limits are given in. */
  public static final long WINDOW_MILLIS = 10_000;

  private final Clock clock;
  private final int maxBuckets;
  private final Map<Object, Bucket> buckets = new ConcurrentHashMap<>();

  /** Buckets timed by a clock, at most 100,000 of them. */
  public RateLimiter(Clock clock) {
    this(clock, 100_000);
  }

  /** Buckets timed by a clock, at most {@code maxBuckets} of them. */
  public RateLimiter(Clock clock, int maxBuckets) {
    this.clock = clock;
    this.maxBuckets = maxBuckets;
  }

  /**
   * Takes one token of a key's bucket.
   *
   * @return 0 if the request may go ahead, else the seconds until a token is back (at least 1)
   */
  public long acquire(Object key, int limit) {
    if (buckets.size() >= maxBuckets && !buckets.containsKey(key)) {
      buckets.clear();
    }
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit, clock.millis()));
    return bucket.take(limit, clock.millis());
  }

  /**
   * Whether a key has no token left, without taking one.
   *
   * @return true if a request now would be refused
   */
  public boolean exhausted(Object key, int limit) {
    Bucket bucket = buckets.get(key);
    return bucket != null && bucket.empty(limit, clock.millis());
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(int limit, long now) {
      this.tokens = limit;
      this.last = now;
    }

    synchronized boolean empty(int limit, long now) {
      refill(limit, now);
      return tokens < 1;
    }

    private void refill(int limit, long now) {
      if (now > last) {
        tokens = Math.min(limit, tokens + (now - last) * (limit / (double) WINDOW_MILLIS));
        last = now;
      }
    }

    synchronized long take(int limit, long now) {
      double perMilli = limit / (double) WINDOW_MILLIS;
      refill(limit, now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double millis = (1 - tokens) / perMilli;
      return Math.max(1, (long) Math.ceil(millis / 1000));
    }
  }
}
