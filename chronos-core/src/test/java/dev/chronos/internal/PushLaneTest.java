package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.BackoffPolicy;
import dev.chronos.Delivery;
import dev.chronos.push.PushAddressPolicy;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The push lane's runner, inline, without a store or a network: the address policy refuses the URL
 * before anything is sent, so the outcome arrives without a request.
 */
class PushLaneTest {
  private static final Instant DEADLINE = Instant.parse("2026-01-15T09:00:30Z");
  private final MutableClock clock = MutableClock.fixed();
  private final Slots slots = new Slots(1, () -> {});
  private final AtomicLong nanos = new AtomicLong();
  private final ClaimAhead claimAhead = new ClaimAhead(Duration.ofMillis(20), 1, 512, nanos::get);
  private final List<ExecutionOutcome> finished = new ArrayList<>();
  private final PushSender sender = new PushSender(settings());

  private final LaneRunner.Ends ends =
      new LaneRunner.Ends() {
        @Override
        public void finish(AttemptRun r, ExecutionOutcome outcome) {
          if (r.end() != null) {
            finished.add(outcome);
          }
        }

        @Override
        public void release(AttemptRun r, String reason) {
          r.end();
        }

        @Override
        public void freeSlot(AttemptRun r) {
          slots.free(r);
        }
      };

  private final PushLane lane =
      new PushLane(
          sender, new Events(List.of()), attempt -> DEADLINE, claimAhead, ends, "node-1", true);

  /** Only what push sending reads is set: the push settings, the clock and inline mode. */
  private EngineSettings settings() {
    return new EngineSettings(
        null,
        Map.of(),
        List.of(),
        clock,
        1,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        100,
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        BackoffPolicy.fixed(Duration.ofSeconds(1)),
        "node-1",
        new PushSettings(1, PushAddressPolicy.secure(), List.of(), false, HostResolver.SYSTEM),
        true,
        null,
        new ObjectMapper(),
        64 * 1024,
        10);
  }

  @AfterEach
  void close() {
    lane.close();
  }

  private AttemptRun pushAttempt() {
    return new AttemptRun(
        AttemptRunTest.attempt(Delivery.push("http://127.0.0.1/hook")), null, DEADLINE);
  }

  @Test
  void runs_push_attempts_only() {
    assertThat(lane.refusal(pushAttempt())).isNull();
    assertThat(lane.refusal(new AttemptRun(AttemptRunTest.attempt(), ctx -> "ok", DEADLINE)))
        .isEqualTo("the push lane of node node-1 runs no handlers");
  }

  @Test
  void the_answer_ends_the_attempt_and_frees_its_slot() {
    AttemptRun r = pushAttempt();
    slots.add(r);

    slots.startWaiting(lane::start);

    assertThat(finished)
        .singleElement()
        .satisfies(o -> assertThat(o.executionId()).isEqualTo(r.executionId()));
    assertThat(r.ended()).isTrue();
    assertThat(slots.idle()).isTrue();
    assertThat(claimAhead.meanRunNanos()).as("its run was measured").isPositive();
  }

  @Test
  void an_attempt_ended_before_its_start_sends_nothing_and_frees_its_slot() {
    AttemptRun r = pushAttempt();
    slots.add(r);
    r.end(); // its deadline passed while it waited

    slots.startWaiting(lane::start);

    assertThat(finished).isEmpty();
    assertThat(slots.idle()).isTrue();
    assertThat(claimAhead.meanRunNanos()).isZero();
  }
}
