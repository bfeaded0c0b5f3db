package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.http.internal.RateLimiter;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final MutableClock clock = MutableClock.fixed();
  final RateLimiter limiter = new RateLimiter(clock);
  final UUID key = UUID.randomUUID();

  @Test
  void a_key_may_burst_up_to_its_limit_then_waits_for_tokens() {
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.acquire(key, 100)).isZero();
    }
    assertThat(limiter.acquire(key, 100)).isEqualTo(1);
    clock.advance(Duration.ofMillis(100)); // 100 per 10 s: one token back every 100 ms
    assertThat(limiter.acquire(key, 100)).isZero();
    assertThat(limiter.acquire(key, 100)).isEqualTo(1);
  }

  @Test
  void retry_after_says_when_the_next_token_comes() {
    assertThat(limiter.acquire(key, 1)).isZero();
    assertThat(limiter.acquire(key, 1)).isEqualTo(10);
    clock.advance(Duration.ofSeconds(4));
    assertThat(limiter.acquire(key, 1)).isEqualTo(6);
    clock.advance(Duration.ofSeconds(6));
    assertThat(limiter.acquire(key, 1)).isZero();
  }

  @Test
  void exhausted_looks_without_taking_and_a_full_table_starts_over() {
    assertThat(limiter.exhausted("a", 1)).isFalse();
    limiter.acquire("a", 1);
    assertThat(limiter.exhausted("a", 1)).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(limiter.exhausted("a", 1)).isFalse();
    RateLimiter small = new RateLimiter(clock, 2);
    small.acquire("x", 1);
    small.acquire("y", 1);
    assertThat(small.exhausted("x", 1)).isTrue();
    small.acquire("z", 1); // a third key: the table starts over
    assertThat(small.exhausted("x", 1)).isFalse();
  }

  @Test
  void tokens_never_pile_up_beyond_the_limit_and_keys_are_separate() {
    limiter.acquire(key, 5);
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.acquire(key, 5)).isZero();
    }
    assertThat(limiter.acquire(key, 5)).isPositive();
    assertThat(limiter.acquire(UUID.randomUUID(), 5)).isZero();
  }
}
