package dev.chronos.http.internal;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per API key: a key may burst up to its limit, and tokens come back at {@code
 * limit} per 10 seconds (the hosted API's 100 requests per 10 s by default). Per server: N servers
 * behind a balancer allow up to N times the limit. Buckets live as long as the server (one per key
 * seen). Thread-safe: each bucket is updated under its own monitor.
 */
public final class RateLimiter {
  /** The window the limits are given in. */
  public static final long WINDOW_MILLIS = 10_000;

  private final Clock clock;
  private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(Clock clock) {
    this.clock = clock;
  }

  /**
   * Takes one token of a key's bucket.
   *
   * @return 0 if the request may go ahead, else the seconds until a token is back (at least 1)
   */
  public long acquire(UUID key, int limit) {
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit, clock.millis()));
    return bucket.take(limit, clock.millis());
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(int limit, long now) {
      this.tokens = limit;
      this.last = now;
    }

    synchronized long take(int limit, long now) {
      double perMilli = limit / (double) WINDOW_MILLIS;
      if (now > last) {
        tokens = Math.min(limit, tokens + (now - last) * perMilli);
        last = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double millis = (1 - tokens) / perMilli;
      return Math.max(1, (long) Math.ceil(millis / 1000));
    }
  }
}
