package dev.chronos.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.Delivery;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.memory.InMemoryJobStore.IndexSizes;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Checks what the contract suite cannot see: that the store's indexes follow each job and keep no
 * stale entries, which would otherwise grow without bound in a long-running process.
 */
class InMemoryJobStoreIndexTest {
  private static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final InMemoryJobStore store = new InMemoryJobStore();
  private int nextId;

  @Test
  void indexes_follow_each_job_through_its_lifecycle() {
    Job retried = job("k1");
    Job cancelled = job("k2");
    Job completed = job(null);
    Job released = job(null);
    store.insertAll(List.of(retried, cancelled, completed, released));
    assertThat(store.indexSizes()).isEqualTo(new IndexSizes(4, 2, 4, 0, 0, 0));

    List<Attempt> claimed =
        store.claim(List.of(retried.id(), completed.id(), released.id()), "n", NOW, GRACE);
    store.extend(claimed.get(0).execution().id(), NOW.plusSeconds(300), NOW);
    assertThat(store.indexSizes()).isEqualTo(new IndexSizes(4, 2, 1, 3, 3, 0));

    store.finish(ExecutionOutcome.failed(claimed.get(0).execution().id(), "boom", NOW), NOW);
    store.finish(ExecutionOutcome.completed(claimed.get(1).execution().id(), null), NOW);
    store.finish(ExecutionOutcome.released(claimed.get(2).execution().id(), "stop", NOW), NOW);
    store.cancel(cancelled.id(), NOW);
    assertThat(store.indexSizes()).isEqualTo(new IndexSizes(4, 2, 2, 0, 0, 2));

    for (Attempt a : store.claimDue(JobSelector.handlers(Set.of("h")), 10, "n", NOW, GRACE)) {
      store.finish(ExecutionOutcome.failed(a.execution().id(), "fatal", null), NOW);
    }
    assertThat(
            store.purge(
                EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED),
                NOW.plusSeconds(1),
                10))
        .isEqualTo(4);
    assertThat(store.indexSizes()).isEqualTo(new IndexSizes(0, 0, 0, 0, 0, 0));
  }

  @Test
  void a_timed_out_lease_leaves_no_lease_entry() {
    Job job = job(null);
    store.insert(job);
    Attempt running = store.claim(List.of(job.id()), "n", NOW, GRACE).get(0);
    Instant late = running.execution().leaseExpiresAt().plusSeconds(1);

    store.finish(ExecutionOutcome.timedOut(running.execution().id(), "lease", late), late);

    assertThat(store.indexSizes()).isEqualTo(new IndexSizes(1, 0, 1, 0, 0, 0));
  }

  @Test
  void a_rejected_batch_leaves_nothing_behind() {
    store.insert(job("taken"));

    assertThatThrownBy(() -> store.insertAll(List.of(job("a"), job(null), job("taken"))))
        .isInstanceOf(IdempotencyKeyConflictException.class);
    assertThatThrownBy(() -> store.insertAll(List.of(job("b"), job("b"))))
        .isInstanceOf(IdempotencyKeyConflictException.class);

    assertThat(store.indexSizes()).isEqualTo(new IndexSizes(1, 1, 1, 0, 0, 0));
  }

  @Test
  void a_batch_repeating_an_id_or_holding_a_used_job_is_refused_and_leaves_nothing_behind() {
    Job job = job("a");
    Job running =
        new Job(
            job.id(),
            job.account(),
            job.name(),
            job.handler(),
            null,
            JobStatus.RUNNING,
            NOW,
            NOW,
            NOW,
            NOW,
            1,
            0,
            job.timeout(),
            job.delivery(),
            null,
            null,
            null,
            null);

    assertThatThrownBy(() -> store.insertAll(List.of(job, job)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.insertAll(List.of(job(null), running)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(store.indexSizes()).isEqualTo(new IndexSizes(0, 0, 0, 0, 0, 0));
  }

  private Job job(String key) {
    nextId++;
    return new Job(
        UUID.fromString(String.format("00000000-0000-4000-8000-%012x", nextId)),
        "default",
        "job",
        "h",
        null,
        JobStatus.PENDING,
        NOW,
        NOW,
        NOW,
        NOW,
        0,
        3,
        Duration.ofSeconds(30),
        Delivery.pull(),
        key,
        null,
        null,
        null);
  }
}
