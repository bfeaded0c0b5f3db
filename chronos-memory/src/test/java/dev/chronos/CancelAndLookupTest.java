package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CancelAndLookupTest {
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final AtomicInteger runs = new AtomicInteger();
  private final List<UUID> cancelled = new CopyOnWriteArrayList<>();
  private final ChronosEngine chronos =
      TestNodes.inline(
          TestNodes.builder(store, clock)
              .handler("work", ctx -> runs.incrementAndGet())
              .handler(
                  "fail-once",
                  ctx -> {
                    if (ctx.attempt() == 1) {
                      throw new IllegalStateException("first attempt fails");
                    }
                    return runs.incrementAndGet();
                  })
              .listener(
                  new JobListener() {
                    @Override
                    public void onCancelled(Job job) {
                      cancelled.add(job.id());
                    }
                  }));

  @AfterEach
  void close() {
    chronos.close();
  }

  private Job submit(String handler, Duration delay) {
    JobRequest.Builder b = JobRequest.builder().name(handler).handler(handler);
    if (delay != null) {
      b.delay(Delay.of(delay.toSeconds(), DelayUnit.SECOND));
    }
    return chronos.submit(b.build());
  }

  @Test
  void a_cancelled_pending_job_never_runs() {
    Job job = submit("work", Duration.ofMinutes(10));

    Job result = chronos.cancel(job.id());

    assertThat(result.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled).containsExactly(job.id());
    clock.advance(Duration.ofHours(1));
    chronos.runDue();
    assertThat(runs).hasValue(0);
    assertThat(chronos.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(chronos.executions(job.id())).isEmpty();
  }

  @Test
  void a_job_due_now_and_already_queued_can_still_be_cancelled() {
    Job job = submit("work", null);

    chronos.cancel(job.id());
    chronos.runDue();

    assertThat(runs).hasValue(0);
  }

  @Test
  void a_retrying_job_can_be_cancelled_between_attempts() {
    Job job = submit("fail-once", null);
    chronos.runDue();
    assertThat(chronos.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RETRYING);

    chronos.cancel(job.id());
    clock.advance(Duration.ofMinutes(5));
    chronos.runDue();

    assertThat(chronos.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(chronos.executions(job.id())).hasSize(1);
    assertThat(runs).hasValue(0);
  }

  @Test
  void finished_jobs_cannot_be_cancelled_and_do_not_change() {
    Job job = submit("work", null);
    chronos.runDue();
    Job completed = chronos.job(job.id()).orElseThrow();

    assertThatThrownBy(() -> chronos.cancel(job.id()))
        .isInstanceOfSatisfying(
            JobStateConflictException.class,
            e -> {
              assertThat(e.code()).isEqualTo("conflict");
              assertThat(e.status()).isEqualTo(JobStatus.COMPLETED);
            });
    assertThat(chronos.job(job.id())).contains(completed);
  }

  @Test
  void unknown_jobs_and_jobs_of_other_accounts_are_not_found() {
    Job theirs =
        chronos.submit(JobRequest.builder().name("x").handler("work").account("acme").build());

    assertThat(chronos.job(theirs.id())).isEmpty();
    assertThat(chronos.job("acme", theirs.id())).isPresent();
    assertThatThrownBy(() -> chronos.cancel(theirs.id()))
        .isInstanceOfSatisfying(
            JobNotFoundException.class, e -> assertThat(e.code()).isEqualTo("job_not_found"));
    assertThatThrownBy(() -> chronos.executions(UUID.randomUUID()))
        .isInstanceOf(JobNotFoundException.class);
    assertThat(chronos.jobs(JobQuery.all()).total()).isZero();
    assertThat(chronos.jobs(JobQuery.builder().account("acme").build()).total()).isEqualTo(1);
  }

  @Test
  void idempotency_keys_are_scoped_per_account_and_held_after_completion() {
    JobRequest.Builder request =
        JobRequest.builder().name("x").handler("work").idempotencyKey("k-1");
    Job mine = chronos.submit(request.build());
    chronos.submit(request.account("acme").build());
    chronos.runDue();
    assertThat(chronos.job(mine.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);

    assertThatThrownBy(() -> chronos.submit(request.account("default").build()))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> assertThat(e.existingJobId()).isEqualTo(mine.id()));
  }

  @Test
  void submit_all_stores_every_job_or_none() {
    JobRequest a = JobRequest.builder().name("a").handler("work").idempotencyKey("a").build();
    JobRequest b = JobRequest.builder().name("b").handler("work").idempotencyKey("b").build();
    Job existing =
        chronos.submit(JobRequest.builder().name("b0").handler("work").idempotencyKey("b").build());

    assertThatThrownBy(() -> chronos.submitAll(List.of(a, b)))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> assertThat(e.existingJobId()).isEqualTo(existing.id()));
    assertThat(chronos.jobs(JobQuery.all()).total()).isEqualTo(1);

    List<Job> jobs =
        chronos.submitAll(List.of(a, JobRequest.builder().name("c").handler("work").build()));
    assertThat(jobs).extracting(Job::name).containsExactly("a", "c");
    chronos.runDue();
    assertThat(runs).hasValue(3);
  }

  @Test
  void a_closed_node_refuses_work() {
    chronos.close();

    assertThatThrownBy(() -> submit("work", null)).isInstanceOf(IllegalStateException.class);
  }
}
