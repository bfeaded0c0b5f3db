package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a handler controls about its own attempt: failing without a retry, what it knows about its
 * job (account, schedule, retry budget), and extending its own deadline.
 */
class HandlerControlTest {
  private final MutableClock clock = MutableClock.fixed();
  private final Instant t0 = clock.instant();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final AtomicReference<JobContext> lastContext = new AtomicReference<>();
  private final ChronosEngine chronos =
      TestNodes.inline(
          TestNodes.builder(store, clock)
              .handler(
                  "permanent",
                  ctx -> {
                    throw new JobFailedException("user does not exist", false);
                  })
              .handler(
                  "transient",
                  ctx -> {
                    throw new JobFailedException("try later", true);
                  })
              .handler(
                  "curious",
                  ctx -> {
                    seen.add(
                        ctx.account()
                            + " schedule="
                            + ctx.scheduleId()
                            + " max="
                            + ctx.maxRetries()
                            + " attempt="
                            + ctx.attempt()
                            + " last="
                            + ctx.isLastAttempt());
                    throw new IllegalStateException("again");
                  })
              .handler(
                  "heartbeat",
                  ctx -> {
                    lastContext.set(ctx);
                    Instant first = ctx.deadline();
                    clock.advance(Duration.ofSeconds(20));
                    Instant moved = ctx.extendDeadline(Duration.ofSeconds(30));
                    seen.add(
                        "deadline "
                            + Duration.between(t0, first).toSeconds()
                            + " -> "
                            + Duration.between(t0, moved).toSeconds()
                            + " now "
                            + Duration.between(t0, ctx.deadline()).toSeconds());
                    // A deadline already later than asked is left as it is.
                    seen.add("kept " + ctx.extendDeadline(Duration.ofSeconds(1)).equals(moved));
                    seen.add(
                        "lease "
                            + Duration.between(
                                    t0, store.executions(ctx.jobId()).get(0).leaseExpiresAt())
                                .toSeconds());
                    try {
                      ctx.extendDeadline(Duration.ofSeconds(31));
                    } catch (IllegalArgumentException e) {
                      seen.add("refused " + e.getMessage());
                    }
                    return "done";
                  }));

  @AfterEach
  void close() {
    chronos.close();
  }

  private Job submit(String handler, int maxRetries) {
    return chronos.submit(
        JobRequest.builder()
            .name(handler)
            .handler(handler)
            .maxRetries(maxRetries)
            .timeoutSeconds(30)
            .build());
  }

  @Test
  void a_non_retryable_failure_fails_the_job_at_once_whatever_retries_are_left() {
    Job job = submit("permanent", 5);

    chronos.runDue();

    Job failed = chronos.job(job.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastError()).contains("user does not exist");
  }

  @Test
  void a_retryable_job_failed_exception_is_retried() {
    Job job = submit("transient", 5);

    chronos.runDue();

    assertThat(chronos.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RETRYING);
  }

  @Test
  void a_handler_sees_its_account_schedule_and_retry_budget() {
    Job job =
        chronos.submit(
            JobRequest.builder()
                .name("c")
                .handler("curious")
                .maxRetries(1)
                .account("acme")
                .build());

    chronos.runDue();
    clock.set(chronos.job("acme", job.id()).orElseThrow().runAt());
    chronos.runDue();

    assertThat(seen)
        .containsExactly(
            "acme schedule=null max=1 attempt=1 last=false",
            "acme schedule=null max=1 attempt=2 last=true");
    assertThat(chronos.job("acme", job.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void a_schedule_job_sees_its_schedule() {
    Schedule s =
        chronos
            .schedules()
            .create(
                ScheduleRequest.builder()
                    .name("every minute")
                    .handler("curious")
                    .interval(1, DelayUnit.MINUTE)
                    .maxRetries(0)
                    .build());
    clock.set(s.nextRunAt());

    chronos.runDue();

    assertThat(seen).containsExactly("default schedule=" + s.id() + " max=0 attempt=1 last=true");
  }

  @Test
  void a_manual_retry_gives_the_handler_its_whole_budget_again() {
    Job job = submit("curious", 0);
    chronos.runDue();
    chronos.retry(job.id());
    chronos.runDue();

    assertThat(seen)
        .containsExactly(
            "default schedule=null max=0 attempt=1 last=true",
            "default schedule=null max=0 attempt=2 last=true");
  }

  @Test
  void a_handler_extends_its_deadline_and_lease_within_its_timeout() {
    Job job = submit("heartbeat", 0);

    chronos.runDue();

    assertThat(seen)
        .containsExactly(
            "deadline 30 -> 50 now 50",
            "kept true",
            "lease " + (50 + 10), // the default lease grace of 10 s beyond the deadline
            "refused duration must be positive and at most the job's timeout of 30 s, was PT31S");
    assertThat(chronos.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    // Fenced: the attempt is over, so its context can no longer extend.
    assertThatThrownBy(() -> lastContext.get().extendDeadline(Duration.ofSeconds(5)))
        .isInstanceOf(LeaseExpiredException.class);
  }

  @Test
  void a_pull_worker_fails_a_job_for_good() {
    Job job =
        chronos.submit(JobRequest.builder().name("pulled").handler("remote").maxRetries(3).build());
    ClaimedJob claimed = chronos.pull().claim(Set.of("remote"), 1, Duration.ZERO).get(0);
    assertThat(claimed.account()).isEqualTo("default");
    assertThat(claimed.maxRetries()).isEqualTo(3);
    assertThat(claimed.isLastAttempt()).isFalse();

    Job failed = chronos.pull().fail(claimed, "cannot ever work", false);

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(chronos.job(job.id()).orElseThrow().attempts()).isEqualTo(1);
    assertThatThrownBy(() -> claimed.extendDeadline(Duration.ofSeconds(1)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** The deadline a heartbeat moved is the one the timeout keeps (a real worker thread). */
  @Test
  void an_extended_attempt_times_out_at_its_new_deadline_not_its_first() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<JobContext> context = new AtomicReference<>();
    try (ChronosEngine node =
        TestNodes.withWorkers(
            TestNodes.builder(new InMemoryJobStore(), clock)
                .workerThreads(1)
                .handler(
                    "long",
                    ctx -> {
                      context.set(ctx);
                      started.countDown();
                      return release.await(1, TimeUnit.HOURS) ? "released" : "waited";
                    }))) {
      Job job =
          node.submit(
              JobRequest.builder()
                  .name("long")
                  .handler("long")
                  .timeoutSeconds(30)
                  .maxRetries(0)
                  .build());
      node.runDue();
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

      clock.advance(Duration.ofSeconds(25));
      context.get().extendDeadline(Duration.ofSeconds(30)); // deadline t0 + 55 s
      clock.advance(Duration.ofSeconds(10)); // past the first deadline
      node.runDue();
      assertThat(node.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

      clock.advance(Duration.ofSeconds(21)); // past the new one
      node.runDue();
      assertThat(node.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
      assertThat(node.executions(job.id()).get(0).status()).isEqualTo(ExecutionStatus.TIMED_OUT);
      assertThatThrownBy(() -> context.get().extendDeadline(Duration.ofSeconds(5)))
          .isInstanceOf(LeaseExpiredException.class);
    } finally {
      release.countDown();
    }
  }
}
