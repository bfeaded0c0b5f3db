package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClaimAheadTest {
  private static final Duration TARGET = Duration.ofMillis(20);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final ClaimAhead ahead = new ClaimAhead(TARGET, 4, 512, nanos::get);

  private void pass(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  private void runFor(Duration d) {
    ClaimAhead.Run r = ahead.started();
    pass(d);
    ahead.ended(r);
  }

  @Test
  void a_lane_that_has_not_seen_an_attempt_end_claims_nothing_ahead() {
    assertThat(ahead.allowance()).isZero();
    ahead.started();
    ahead.started();
    assertThat(ahead.allowance()).isZero();
  }

  @Test
  void every_slot_busy_with_attempts_older_than_the_target_claims_nothing_ahead() {
    runFor(Duration.ofMillis(1)); // short runs were seen: 20 per slot
    assertThat(ahead.allowance()).isEqualTo(80);
    for (int i = 0; i < 4; i++) {
      ahead.started(); // four long jobs take every slot
    }
    assertThat(ahead.allowance()).as("while they may still end soon").isEqualTo(80);

    pass(Duration.ofMillis(21));

    assertThat(ahead.allowance()).isZero();
  }

  @Test
  void only_the_slots_whose_attempts_may_end_soon_count() {
    runFor(Duration.ofMillis(2)); // 10 per slot
    ahead.started();
    pass(Duration.ofMillis(30));
    ahead.started(); // started just now

    assertThat(ahead.allowance()).isEqualTo(3 * 10);
  }

  @Test
  void a_long_run_ending_stops_claiming_ahead_and_the_slot_counts_again_once_it_ended() {
    runFor(Duration.ofMillis(1));
    ClaimAhead.Run longOne = ahead.started();
    pass(Duration.ofSeconds(10));
    assertThat(ahead.allowance()).isEqualTo(3 * 20);

    ahead.ended(longOne);

    assertThat(ahead.meanRunNanos()).isGreaterThan(TARGET.toNanos());
    assertThat(ahead.allowance()).isZero();
  }

  @Test
  void an_attempt_that_never_ran_frees_its_slot_without_changing_the_estimate() {
    runFor(Duration.ofMillis(5));
    ClaimAhead.Run never = ahead.started();
    pass(Duration.ofSeconds(1));
    ahead.ended(never, false);

    assertThat(ahead.meanRunNanos()).isEqualTo(Duration.ofMillis(5).toNanos());
    assertThat(ahead.allowance()).isEqualTo(4 * 4);
  }

  @Test
  void the_allowance_never_exceeds_the_batch() {
    runFor(Duration.ofNanos(10));
    assertThat(ahead.allowance()).isEqualTo(512);
  }
}
