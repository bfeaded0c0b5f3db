package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A lane's slots and waiting attempts, without a store or threads. */
class SlotsTest {
  private final AtomicInteger changes = new AtomicInteger();
  private final Slots slots = new Slots(2, changes::incrementAndGet);
  private final List<AttemptRun> started = new ArrayList<>();

  private static AttemptRun claimed() {
    return new AttemptRun(
        AttemptRunTest.attempt(), ctx -> "ok", Instant.parse("2026-01-15T09:00:30Z"));
  }

  private AttemptRun queued() {
    AttemptRun r = claimed();
    slots.add(r);
    return r;
  }

  @Test
  void waiting_attempts_start_only_while_slots_are_free_each_holding_one() {
    AttemptRun a = queued();
    AttemptRun b = queued();
    AttemptRun c = queued();

    slots.startWaiting(started::add);

    assertThat(started).containsExactly(a, b);
    assertThat(a.slot).isTrue();
    assertThat(c.slot).isFalse();
    assertThat(slots.free()).isZero();
    assertThat(slots.waiting()).isEqualTo(1);
    assertThat(slots.idle()).isFalse();
  }

  @Test
  void a_slot_left_is_passed_on_to_the_next_waiting_attempt_without_being_freed() {
    AttemptRun a = queued();
    slots.startWaiting(started::add);
    AttemptRun b = queued();

    assertThat(slots.passOn(a)).isSameAs(b);

    assertThat(a.slot).isFalse();
    assertThat(b.slot).isTrue();
    assertThat(slots.free()).isEqualTo(1);
    assertThat(slots.waiting()).isZero();
  }

  @Test
  void a_slot_left_with_nobody_waiting_is_freed_and_the_lane_is_idle_again() {
    AttemptRun a = queued();
    slots.startWaiting(started::add);
    int before = changes.get();

    assertThat(slots.passOn(a)).isNull();

    assertThat(slots.idle()).isTrue();
    assertThat(changes.get()).isGreaterThan(before);
  }

  @Test
  void a_slot_is_freed_once_whether_the_deadline_or_the_handler_gets_there_first() {
    AttemptRun a = queued();
    slots.startWaiting(started::add);

    assertThat(slots.free(a)).as("the deadline takes the slot back").isTrue();
    assertThat(slots.passOn(a)).as("the handler returns later").isNull();
    assertThat(slots.free(a)).isFalse();

    assertThat(slots.free()).isEqualTo(2);
  }

  @Test
  void an_attempt_that_ended_while_waiting_leaves_the_queue_and_never_starts() {
    AttemptRun a = queued();
    slots.remove(a, a.end());

    slots.startWaiting(started::add);

    assertThat(started).isEmpty();
    assertThat(slots.waiting()).isZero();
    assertThat(slots.idle()).isTrue();
  }

  @Test
  void an_attempt_that_ended_after_it_started_is_not_looked_for_in_the_queue() {
    AttemptRun a = queued();
    slots.startWaiting(started::add);
    a.start(null);
    int before = changes.get();

    slots.remove(a, a.end());

    assertThat(changes).hasValue(before);
    assertThat(slots.free()).isEqualTo(1);
  }
}
