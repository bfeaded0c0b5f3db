package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The node's timetable: earlier offers probe without losing the queued time; forgetting by id. */
class DueQueueTest {
  private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");
  private final MutableClock clock = MutableClock.at(T0);
  private final DueQueue queue = new DueQueue(clock, 100, () -> {});

  private List<UUID> drain() {
    return queue.drainDue(100).stream().map(e -> e.id).toList();
  }

  @Test
  void an_earlier_offer_runs_a_probe_now_and_keeps_the_queued_time() {
    UUID job = UUID.randomUUID();
    queue.offer(job, T0.plusSeconds(20));

    // Made due now elsewhere (a run-now on another node), or a stale read: a probe at that time.
    queue.offer(job, T0);
    queue.offer(job, T0.plusSeconds(1)); // a later probe than the live one adds nothing

    assertThat(queue.size()).isEqualTo(1);
    assertThat(drain()).containsExactly(job);
    // Whatever the probe's claim found, the queued time is still there.
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.earliest()).isEqualTo(T0.plusSeconds(20));
    clock.set(T0.plusSeconds(1));
    assertThat(drain()).isEmpty();
    clock.set(T0.plusSeconds(20));
    assertThat(drain()).containsExactly(job);
    assertThat(queue.size()).isZero();
  }

  @Test
  void the_same_or_a_later_offer_adds_no_probe() {
    UUID job = UUID.randomUUID();
    queue.offer(job, T0.plusSeconds(5));
    queue.offer(job, T0.plusSeconds(5));
    queue.offer(job, T0.plusSeconds(10)); // moves the entry later

    clock.set(T0.plusSeconds(9));
    assertThat(drain()).isEmpty();
    clock.set(T0.plusSeconds(10));
    assertThat(drain()).containsExactly(job);
  }

  @Test
  void forget_takes_out_only_the_given_jobs_with_their_probes() {
    UUID paused = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    queue.offer(paused, T0.plusSeconds(10));
    queue.offer(paused, T0); // a probe
    queue.offer(other, T0.plusSeconds(10));

    assertThat(queue.forget(List.of(paused, UUID.randomUUID()))).isEqualTo(1);

    assertThat(queue.size()).isEqualTo(1);
    assertThat(drain()).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(drain()).containsExactly(other);
  }
}
