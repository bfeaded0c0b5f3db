package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The timetable as the feeder reads into it: reads that raced a claim, stale entries, drops. */
class DueQueueReadTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final DueQueue queue = new DueQueue(Clock.fixed(NOW, ZoneOffset.UTC), 100, () -> {});

  @Test
  void a_read_does_not_queue_again_a_job_taken_while_it_was_on_its_way() {
    UUID job = UUID.randomUUID();
    queue.offer(job, NOW.minusSeconds(1));

    queue.beginRead(); // the read sees the job runnable ...
    assertThat(queue.drainDue(10)).extracting(e -> e.id).containsExactly(job); // ... then claimed
    queue.offerRead(job, NOW.minusSeconds(1));
    queue.endRead();

    assertThat(queue.size()).isZero();
    // A later read that finds it runnable again (the claim failed) queues it.
    queue.beginRead();
    queue.offerRead(job, NOW.minusSeconds(1));
    queue.endRead();
    assertThat(queue.size()).isEqualTo(1);
  }

  @Test
  void a_read_forgets_jobs_it_did_not_return_in_its_range_if_queued_before_it_began() {
    UUID claimedElsewhere = UUID.randomUUID();
    UUID stillDue = UUID.randomUUID();
    UUID beyondTheRead = UUID.randomUUID();
    UUID beforeFrom = UUID.randomUUID();
    queue.offer(claimedElsewhere, NOW.plusSeconds(1));
    queue.offer(stillDue, NOW.plusSeconds(2));
    queue.offer(beyondTheRead, NOW.plusSeconds(40));
    queue.offer(beforeFrom, NOW.minusSeconds(5));

    long stamp = queue.beginRead();
    UUID queuedDuringTheRead = UUID.randomUUID(); // submitted here while the read ran
    queue.offer(queuedDuringTheRead, NOW.plusSeconds(3));
    int forgotten = queue.forgetMissing(Set.of(stillDue), NOW, NOW.plusSeconds(30), true, stamp);
    queue.endRead();

    assertThat(forgotten).isEqualTo(1);
    assertThat(queue.size()).isEqualTo(4);
    assertThat(queue.earliest()).isEqualTo(NOW.minusSeconds(5));
    assertThat(queue.drainDue(10)).extracting(e -> e.id).containsExactly(beforeFrom);
  }

  @Test
  void dropping_jobs_is_counted_so_that_an_incremental_feeder_reads_everything_again() {
    DueQueue small = new DueQueue(Clock.fixed(NOW, ZoneOffset.UTC), 2, () -> {});
    long before = small.dropped();
    small.offer(UUID.randomUUID(), NOW.plusSeconds(2));
    small.offer(UUID.randomUUID(), NOW.plusSeconds(3));
    assertThat(small.dropped()).isEqualTo(before);

    small.offer(UUID.randomUUID(), NOW.plusSeconds(1)); // evicts the latest
    assertThat(small.dropped()).isEqualTo(before + 1);
    small.clear();
    assertThat(small.dropped()).isEqualTo(before + 2);
  }

  @Test
  void forgetting_a_paused_handler_s_jobs_counts_as_dropping_them() {
    UUID job = UUID.randomUUID();
    queue.offer(job, NOW.plusSeconds(5));
    long before = queue.dropped();
    assertThat(queue.forget(Set.of(UUID.randomUUID()))).isZero();
    assertThat(queue.dropped()).isEqualTo(before); // nothing forgotten: nothing to read again
    assertThat(queue.forget(Set.of(job))).isEqualTo(1);
    assertThat(queue.dropped()).isEqualTo(before + 1);
  }

  @Test
  void a_read_does_not_probe_again_a_job_whose_probe_was_taken_while_it_was_on_its_way() {
    UUID job = UUID.randomUUID();
    queue.offer(job, NOW.plusSeconds(30));
    queue.offer(job, NOW.minusSeconds(1)); // run now elsewhere: a probe, due now

    queue.beginRead();
    assertThat(queue.drainDue(10)).extracting(e -> e.id).containsExactly(job); // the probe
    queue.offerRead(job, NOW.minusSeconds(1)); // the read saw it due before the claim
    queue.endRead();

    assertThat(queue.drainDue(10)).isEmpty(); // no second probe
    assertThat(queue.size()).isEqualTo(1); // the queued entry keeps its time
  }
}
