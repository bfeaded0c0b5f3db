package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deadline index of attempts in flight, under a hand-driven clock. */
class DeadlinesTest {
  private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");

  private record Entry(String name, Instant deadline) {}

  private final MutableClock clock = MutableClock.at(T0);
  private final Deadlines<Entry> deadlines =
      new Deadlines<>(Entry::deadline, Comparator.comparing(Entry::name), clock);

  @Test
  void gives_entries_out_when_due_earliest_first_and_ties_apart() {
    Entry late = new Entry("late", T0.plusSeconds(20));
    Entry a = new Entry("a", T0.plusSeconds(10));
    Entry b = new Entry("b", T0.plusSeconds(10));
    deadlines.add(late);
    deadlines.add(b);
    deadlines.add(a);

    assertThat(deadlines.pollDue()).isNull();
    clock.advance(Duration.ofSeconds(10));
    assertThat(deadlines.pollDue()).isEqualTo(a);
    assertThat(deadlines.pollDue()).isEqualTo(b);
    assertThat(deadlines.pollDue()).isNull();
    clock.advance(Duration.ofSeconds(10));
    assertThat(deadlines.pollDue()).isEqualTo(late);
    assertThat(deadlines.pollDue()).isNull();
  }

  @Test
  void a_removed_entry_is_never_given_out_and_removes_once() {
    Entry first = new Entry("first", T0.plusSeconds(1));
    Entry second = new Entry("second", T0.plusSeconds(2));
    deadlines.add(first);
    deadlines.add(second);

    assertThat(deadlines.remove(first)).isTrue();
    assertThat(deadlines.remove(first)).isFalse();
    clock.advance(Duration.ofSeconds(5));
    assertThat(deadlines.pollDue()).isEqualTo(second);
    assertThat(deadlines.remove(second)).as("already given out").isFalse();
  }

  @Test
  void a_waiter_is_woken_by_an_entry_earlier_than_the_one_it_waits_for() throws Exception {
    deadlines.add(new Entry("in an hour", T0.plusSeconds(3600)));
    FutureTask<Entry> taken = waiting(Thread.State.TIMED_WAITING);

    Entry due = new Entry("due already", T0.minusMillis(1));
    deadlines.add(due);

    assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo(due);
  }

  @Test
  void a_waiter_with_nothing_to_wait_for_is_woken_by_the_first_entry() throws Exception {
    FutureTask<Entry> taken = waiting(Thread.State.WAITING);
    Entry due = new Entry("due", T0);
    deadlines.add(due);
    assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo(due);
  }

  @Test
  void an_interrupted_waiter_stops_waiting() {
    deadlines.add(new Entry("in an hour", T0.plusSeconds(3600)));
    FutureTask<Entry> taken = new FutureTask<>(deadlines::awaitDue);
    Thread waiter = new Thread(taken, "deadlines-waiter");
    waiter.start();
    await().until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
    waiter.interrupt();
    assertThatThrownBy(() -> taken.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(InterruptedException.class);
  }

  /** A thread waiting in {@code awaitDue}, once it is parked in the given state. */
  private FutureTask<Entry> waiting(Thread.State parked) {
    FutureTask<Entry> taken = new FutureTask<>(deadlines::awaitDue);
    Thread waiter = new Thread(taken, "deadlines-waiter");
    waiter.setDaemon(true);
    waiter.start();
    await().until(() -> waiter.getState() == parked);
    return taken;
  }
}
