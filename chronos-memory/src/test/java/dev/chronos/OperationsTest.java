package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operations by hand through a node, under a manual clock: retry, run now, reschedule, the bulk
 * forms, get-or-create, and the per-handler pause.
 */
class OperationsTest {
  private final MutableClock clock = MutableClock.fixed();
  private final Instant t0 = clock.instant();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final AtomicInteger brokenCalls = new AtomicInteger();
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final List<String> cancelled = new CopyOnWriteArrayList<>();
  private final ChronosEngine chronos =
      TestNodes.inline(
          TestNodes.builder(store, clock)
              .handler(
                  "broken",
                  ctx -> {
                    brokenCalls.incrementAndGet();
                    throw new IllegalStateException("broken " + ctx.attempt());
                  })
              .handler(
                  "work",
                  ctx -> {
                    ran.add(ctx.name());
                    return "done";
                  })
              .listener(
                  new JobListener() {
                    @Override
                    public void onCancelled(Job job) {
                      cancelled.add(job.name());
                    }
                  }));

  @AfterEach
  void close() {
    chronos.close();
  }

  private Job submit(String name, String handler, int maxRetries) {
    return chronos.submit(
        JobRequest.builder().name(name).handler(handler).maxRetries(maxRetries).build());
  }

  private Job reload(Job job) {
    return chronos.job(job.id()).orElseThrow();
  }

  /**
   * Runs a job that always fails until it is {@code failed}, moving the clock past each backoff.
   */
  private void runUntilFailed(Job job) {
    for (int i = 0; i < 20 && reload(job).status() != JobStatus.FAILED; i++) {
      Job current = reload(job);
      if (current.runAt().isAfter(clock.instant())) {
        clock.set(current.runAt());
      }
      chronos.runDue();
    }
    assertThat(reload(job).status()).isEqualTo(JobStatus.FAILED);
  }

  // ---- retry ------------------------------------------------------------------------------------

  @Test
  void retry_runs_a_failed_job_again_by_hand_with_a_fresh_retry_budget() {
    Job job = submit("broken job", "broken", 1);
    runUntilFailed(job);
    assertThat(brokenCalls).hasValue(2);

    Job retried = chronos.retry(job.id());
    assertThat(retried.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(retried.runAt()).isEqualTo(clock.instant());
    runUntilFailed(job);

    assertThat(brokenCalls).hasValue(4);
    assertThat(chronos.executions(job.id()))
        .extracting(Execution::trigger)
        .containsExactly(
            ExecutionTrigger.SUBMIT,
            ExecutionTrigger.SYSTEM_RETRY,
            ExecutionTrigger.MANUAL,
            ExecutionTrigger.SYSTEM_RETRY);
  }

  @Test
  void retry_of_a_job_that_has_not_failed_or_of_another_account_changes_nothing() {
    Job pending =
        chronos.submit(
            JobRequest.builder().name("later").handler("work").delay(1, DelayUnit.HOUR).build());
    assertThatThrownBy(() -> chronos.retry(pending.id()))
        .isInstanceOfSatisfying(
            JobStateConflictException.class,
            e -> {
              assertThat(e.code()).isEqualTo("conflict");
              assertThat(e.status()).isEqualTo(JobStatus.PENDING);
            });
    Job theirs =
        chronos.submit(
            JobRequest.builder()
                .name("theirs")
                .handler("broken")
                .maxRetries(0)
                .account("acme")
                .build());
    chronos.runDue();
    assertThatThrownBy(() -> chronos.retry(theirs.id())).isInstanceOf(JobNotFoundException.class);
    assertThat(chronos.retry("acme", theirs.id()).status()).isEqualTo(JobStatus.RETRYING);
  }

  @Test
  void retry_all_retries_every_failed_match_in_batches_and_counts_them() {
    List<Job> failed = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      failed.add(submit("f" + i, "broken", 0));
    }
    Job otherHandler = submit("other", "work", 0);
    chronos.runDue();
    assertThat(failed).allSatisfy(j -> assertThat(reload(j).status()).isEqualTo(JobStatus.FAILED));

    long none = chronos.retryAll(JobQuery.builder().statuses(JobStatus.PENDING).build());
    long retried = chronos.retryAll(JobQuery.builder().handler("broken").build());

    assertThat(none).isZero();
    assertThat(retried).isEqualTo(230);
    assertThat(failed)
        .allSatisfy(j -> assertThat(reload(j).status()).isEqualTo(JobStatus.RETRYING));
    assertThat(reload(otherHandler).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(chronos.retryAll(JobQuery.builder().build())).isZero();
  }

  // ---- run now and reschedule ------------------------------------------------------------------

  @Test
  void run_now_runs_a_future_job_at_once_as_a_manual_attempt() {
    Job job =
        chronos.submit(
            JobRequest.builder().name("tomorrow").handler("work").delay(1, DelayUnit.DAY).build());

    Job due = chronos.runNow(job.id());
    chronos.runDue();

    assertThat(due.runAt()).isEqualTo(t0);
    assertThat(ran).containsExactly("tomorrow");
    assertThat(chronos.executions(job.id()))
        .extracting(Execution::trigger)
        .containsExactly(ExecutionTrigger.MANUAL);
    assertThatThrownBy(() -> chronos.runNow(job.id()))
        .isInstanceOfSatisfying(
            JobStateConflictException.class,
            e -> assertThat(e.status()).isEqualTo(JobStatus.COMPLETED));
  }

  @Test
  void run_now_of_a_job_already_queued_for_later_runs_it_at_once() {
    // Due within the look-ahead window: already waiting in the node's queue for its time.
    Job job =
        chronos.submit(
            JobRequest.builder().name("soon").handler("work").delay(20, DelayUnit.SECOND).build());
    chronos.runDue();
    assertThat(ran).isEmpty();

    chronos.runNow(job.id());
    chronos.runDue();

    assertThat(ran).containsExactly("soon");
  }

  @Test
  void run_now_and_reschedule_are_scoped_to_the_job_account() {
    Job theirs =
        chronos.submit(
            JobRequest.builder()
                .name("theirs")
                .handler("work")
                .account("acme")
                .delay(1, DelayUnit.HOUR)
                .build());

    assertThatThrownBy(() -> chronos.runNow(theirs.id())).isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> chronos.reschedule(theirs.id(), t0.plusSeconds(60)))
        .isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> chronos.runNow("other", theirs.id()))
        .isInstanceOf(JobNotFoundException.class);
    assertThat(chronos.job("acme", theirs.id()).orElseThrow().runAt()).isEqualTo(theirs.runAt());

    assertThat(chronos.reschedule("acme", theirs.id(), t0.plusSeconds(60)).runAt())
        .isEqualTo(t0.plusSeconds(60));
    assertThat(chronos.runNow("acme", theirs.id()).runAt()).isEqualTo(t0);
    chronos.runDue();
    assertThat(ran).containsExactly("theirs");
  }

  @Test
  void reschedule_earlier_within_the_window_runs_the_job_at_its_new_time() {
    Job job =
        chronos.submit(
            JobRequest.builder()
                .name("earlier")
                .handler("work")
                .delay(25, DelayUnit.SECOND)
                .build());
    chronos.runDue();

    chronos.reschedule(job.id(), t0.plusSeconds(5));
    clock.set(t0.plusSeconds(5));
    chronos.runDue();

    assertThat(ran).containsExactly("earlier");
  }

  @Test
  void reschedule_moves_a_pending_job_and_refuses_a_past_time() {
    Job job =
        chronos.submit(
            JobRequest.builder().name("moved").handler("work").delay(10, DelayUnit.MINUTE).build());

    Job moved = chronos.reschedule(job.id(), t0.plus(Duration.ofHours(1)));
    clock.set(t0.plus(Duration.ofMinutes(10)));
    chronos.runDue();
    assertThat(ran).isEmpty();
    clock.set(t0.plus(Duration.ofHours(1)));
    chronos.runDue();

    assertThat(moved.runAt()).isEqualTo(t0.plus(Duration.ofHours(1)));
    assertThat(ran).containsExactly("moved");
    assertThat(chronos.executions(job.id()))
        .extracting(Execution::trigger)
        .containsExactly(ExecutionTrigger.SUBMIT);
    Job other =
        chronos.submit(
            JobRequest.builder().name("x").handler("work").delay(1, DelayUnit.HOUR).build());
    assertThatThrownBy(() -> chronos.reschedule(other.id(), clock.instant().minusSeconds(1)))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ValidationException.FieldError::field)
                    .containsExactly("scheduled_for"));
    assertThat(reload(other).runAt()).isEqualTo(other.runAt());
  }

  @Test
  void cancel_all_cancels_every_waiting_match_and_tells_the_listeners() {
    for (int i = 0; i < 150; i++) {
      chronos.submit(
          JobRequest.builder().name("c" + i).handler("work").delay(1, DelayUnit.HOUR).build());
    }
    Job elsewhere =
        chronos.submit(
            JobRequest.builder()
                .name("acme")
                .handler("work")
                .delay(1, DelayUnit.HOUR)
                .account("acme")
                .build());

    long count = chronos.cancelAll(JobQuery.builder().handler("work").build());

    assertThat(count).isEqualTo(150);
    assertThat(chronos.jobs(JobQuery.builder().statuses(JobStatus.CANCELLED).build()).total())
        .isEqualTo(150);
    assertThat(cancelled).hasSize(150);
    assertThat(chronos.job("acme", elsewhere.id()).orElseThrow().status())
        .isEqualTo(JobStatus.PENDING);
    assertThat(chronos.cancelAll(JobQuery.builder().statuses(JobStatus.COMPLETED).build()))
        .isZero();
  }

  // ---- get-or-create ---------------------------------------------------------------------------

  @Test
  void submit_returning_existing_gives_the_holder_of_the_key_instead_of_a_conflict() {
    JobRequest request =
        JobRequest.builder()
            .name("welcome")
            .handler("work")
            .payload(Map.of("user", "usr_1"))
            .idempotencyKey("welcome-usr_1")
            .build();

    Submission first = chronos.submit(request, OnConflict.RETURN_EXISTING);
    Submission second = chronos.submit(request, OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD);

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.job().id()).isEqualTo(first.job().id());
    assertThat(chronos.jobs(JobQuery.builder().build()).total()).isEqualTo(1);
    assertThatThrownBy(() -> chronos.submit(request, OnConflict.FAIL))
        .isInstanceOf(IdempotencyKeyConflictException.class);
  }

  @Test
  void with_the_same_payload_required_a_reused_key_is_a_conflict() {
    JobRequest.Builder b = JobRequest.builder().name("welcome").handler("work").idempotencyKey("k");
    Job holder = chronos.submit(b.payload(Map.of("user", "usr_1")).build());
    JobRequest other = b.payload(Map.of("user", "usr_2")).build();

    assertThatThrownBy(() -> chronos.submit(other, OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> assertThat(e.existingJobId()).isEqualTo(holder.id()));
    assertThat(chronos.submit(other, OnConflict.RETURN_EXISTING).job().id()).isEqualTo(holder.id());
  }

  @Test
  void a_request_without_a_key_is_always_created() {
    JobRequest request = JobRequest.builder().name("plain").handler("work").build();

    assertThat(chronos.submit(request, OnConflict.RETURN_EXISTING).created()).isTrue();
    assertThat(chronos.submit(request, OnConflict.RETURN_EXISTING).created()).isTrue();
    assertThat(chronos.jobs(JobQuery.builder().build()).total()).isEqualTo(2);
  }

  // ---- per-handler pause -----------------------------------------------------------------------

  @Test
  void a_paused_handler_runs_nothing_on_this_node_until_resumed() {
    Job queued = submit("queued before the pause", "work", 0);
    chronos.pause("work");
    Job later = submit("submitted while paused", "work", 0);
    clock.advance(Duration.ofSeconds(5));
    chronos.runDue();

    assertThat(ran).isEmpty();
    assertThat(reload(queued).status()).isEqualTo(JobStatus.PENDING);
    assertThat(reload(later).status()).isEqualTo(JobStatus.PENDING);
    assertThat(chronos.pausedHandlers()).containsExactly("work");
    assertThat(chronos.pull().claim(Set.of("work"), 10, Duration.ZERO)).isEmpty();

    chronos.resume("work");
    chronos.runDue();

    assertThat(ran).containsExactlyInAnyOrder("queued before the pause", "submitted while paused");
    assertThat(chronos.pausedHandlers()).isEmpty();
    assertThat(chronos.executions(queued.id())).hasSize(1);
  }

  @Test
  void pausing_one_handler_leaves_the_others_running() {
    chronos.pause("broken");
    submit("still runs", "work", 0);
    Job held = submit("held", "broken", 0);

    chronos.runDue();

    assertThat(ran).containsExactly("still runs");
    assertThat(brokenCalls).hasValue(0);
    assertThat(reload(held).status()).isEqualTo(JobStatus.PENDING);
    assertThatThrownBy(() -> chronos.pause(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
