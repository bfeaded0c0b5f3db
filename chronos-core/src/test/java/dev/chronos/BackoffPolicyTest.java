package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

  @Test
  void follows_the_documented_table() {
    BackoffPolicy policy =
        BackoffPolicy.exponential(Duration.ofSeconds(1), Duration.ofHours(1), new Random(42));

    for (int i = 0; i < 200; i++) {
      assertThat(policy.delayAfter(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
      assertThat(policy.delayAfter(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
      assertThat(policy.delayAfter(3)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
      assertThat(policy.delayAfter(5)).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(32));
      assertThat(policy.delayAfter(10))
          .isBetween(Duration.ofSeconds(512), Duration.ofSeconds(1024));
      assertThat(policy.delayAfter(13)).isEqualTo(Duration.ofHours(1));
      assertThat(policy.delayAfter(1000)).isEqualTo(Duration.ofHours(1));
    }
  }

  @Test
  void jitter_spreads_over_the_whole_range() {
    BackoffPolicy policy = BackoffPolicy.exponential();
    long below = 0;
    long above = 0;
    for (int i = 0; i < 1000; i++) {
      Duration d = policy.delayAfter(4);
      if (d.compareTo(Duration.ofSeconds(12)) < 0) {
        below++;
      } else {
        above++;
      }
    }
    assertThat(below).isBetween(350L, 650L);
    assertThat(above).isBetween(350L, 650L);
  }

  @Test
  void the_same_seed_gives_the_same_delays() {
    BackoffPolicy a =
        BackoffPolicy.exponential(Duration.ofSeconds(1), Duration.ofHours(1), new Random(7));
    BackoffPolicy b =
        BackoffPolicy.exponential(Duration.ofSeconds(1), Duration.ofHours(1), new Random(7));
    for (int attempt = 1; attempt < 20; attempt++) {
      assertThat(a.delayAfter(attempt)).isEqualTo(b.delayAfter(attempt));
    }
  }
}
