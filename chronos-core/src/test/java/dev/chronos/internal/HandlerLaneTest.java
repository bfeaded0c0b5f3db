package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.Delivery;
import dev.chronos.spi.ExecutionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The handler lane's runner, inline on the test's thread, without a store. */
class HandlerLaneTest {
  private static final Instant DEADLINE = Instant.parse("2026-01-15T09:00:30Z");
  private final Slots slots = new Slots(1, () -> {});
  private final AtomicLong nanos = new AtomicLong();
  private final ClaimAhead claimAhead = new ClaimAhead(Duration.ofMillis(20), 1, 512, nanos::get);
  private final List<ExecutionOutcome> finished = new ArrayList<>();
  private final List<String> released = new ArrayList<>();
  private final List<String> ran = new ArrayList<>();

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
          released.add(reason);
        }

        @Override
        public void freeSlot(AttemptRun r) {
          slots.free(r);
        }
      };

  private final HandlerLane lane =
      new HandlerLane(
          new HandlerRunner(
              new Events(List.of()),
              64 * 1024,
              attempt -> DEADLINE,
              new AbandonedThreads(10, "node-1", () -> {}),
              new ObjectMapper(),
              (run, by) -> {
                throw new UnsupportedOperationException("no store in this test");
              },
              (run, connection, result) -> {
                throw new UnsupportedOperationException("no store in this test");
              }),
          slots,
          claimAhead,
          ends,
          "node-1",
          true);

  private AttemptRun handlerAttempt(String name) {
    return new AttemptRun(
        AttemptRunTest.attempt(),
        ctx -> {
          ran.add(name);
          nanos.addAndGet(1_000_000);
          return name;
        },
        DEADLINE);
  }

  @Test
  void refuses_push_attempts_and_attempts_without_a_handler_here() {
    AttemptRun push =
        new AttemptRun(
            AttemptRunTest.attempt(Delivery.push("https://example.com/hook")), null, DEADLINE);
    AttemptRun noHandler = new AttemptRun(AttemptRunTest.attempt(), null, DEADLINE);

    assertThat(lane.refusal(push)).isEqualTo("push delivery is off on node node-1");
    assertThat(lane.refusal(noHandler)).isEqualTo("no handler 'h' on node node-1");
    assertThat(lane.refusal(handlerAttempt("a"))).isNull();
  }

  @Test
  void a_worker_runs_the_waiting_attempts_one_after_another_on_its_slot_then_frees_it() {
    for (String name : List.of("a", "b", "c")) {
      slots.add(handlerAttempt(name));
    }

    slots.startWaiting(lane::start);

    assertThat(ran).containsExactly("a", "b", "c");
    assertThat(finished).hasSize(3).allMatch(o -> o.executionId() != null);
    assertThat(slots.idle()).isTrue();
    assertThat(claimAhead.meanRunNanos()).isEqualTo(1_000_000);
  }

  @Test
  void an_attempt_ended_before_its_start_does_not_run_and_its_slot_passes_on() {
    AttemptRun late = handlerAttempt("late");
    AttemptRun next = handlerAttempt("next");
    slots.add(late);
    slots.add(next);
    late.end(); // its deadline passed while it waited

    slots.startWaiting(lane::start);

    assertThat(ran).containsExactly("next");
    assertThat(finished).hasSize(1);
    assertThat(slots.idle()).isTrue();
  }
}
