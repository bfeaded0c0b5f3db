package dev.chronos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobStatus;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.WaitingHandler;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The bounded purge of finished jobs and the look-up of jobs waiting for a handler, as every {@link
 * JobStore} must do them: extend this class and implement {@link #createStore()}. Times are fixed
 * instants with microsecond precision.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class PurgeContractTest {
  /** The instant the tests start at. */
  protected static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  private static final Duration GRACE = Duration.ofSeconds(10);

  /** For subclasses, one per store under test. */
  protected PurgeContractTest() {}

  private static final Set<JobStatus> FINISHED =
      EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED);

  private JobStore store;
  private long nextId;

  /**
   * Creates the store under test: a new, empty one for each test.
   *
   * @return the store
   */
  protected abstract JobStore createStore();

  @BeforeEach
  final void openStore() {
    store = createStore();
  }

  @AfterEach
  final void closeStore() {
    store.close();
  }

  private Job job(String handler, Delivery delivery, Instant runAt, String key, UUID scheduleId) {
    nextId++;
    return new Job(
        UUID.fromString(String.format("00000000-0000-4000-8000-%012x", nextId)),
        "default",
        "Purge me",
        handler,
        json("{\"n\":" + nextId + "}"),
        JobStatus.PENDING,
        runAt,
        runAt,
        NOW.minusSeconds(3_600),
        NOW.minusSeconds(3_600),
        0,
        3,
        Duration.ofSeconds(30),
        delivery,
        key,
        scheduleId,
        null,
        null);
  }

  private Job job() {
    return job("send-email", Delivery.pull(), NOW.minusSeconds(3_600), null, null);
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Attempt claim(Job job, Instant at) {
    List<Attempt> claimed = store.claim(List.of(job.id()), "node-1", at, GRACE);
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  /** Stores a job and finishes it with {@code end} at {@code at}. */
  private Job finished(Job job, JobStatus end, Instant at) {
    store.insert(job);
    return switch (end) {
      case COMPLETED ->
          store
              .finish(ExecutionOutcome.completed(claim(job, at).execution().id(), null), at)
              .orElseThrow()
              .job();
      case FAILED ->
          store
              .finish(ExecutionOutcome.failed(claim(job, at).execution().id(), "fatal", null), at)
              .orElseThrow()
              .job();
      case CANCELLED -> store.cancel(job.id(), at);
      default -> throw new IllegalArgumentException(end.toString());
    };
  }

  // ---------------------------------------------------------------------------------------------
  // purge

  @Test
  void purge_deletes_finished_jobs_of_the_given_statuses_changed_before_the_cut_off() {
    Job completed = finished(job(), JobStatus.COMPLETED, NOW);
    Job cancelled = finished(job(), JobStatus.CANCELLED, NOW);
    Job failed = finished(job(), JobStatus.FAILED, NOW);
    Job recent = finished(job(), JobStatus.COMPLETED, NOW.plusSeconds(10));

    int purged =
        store.purge(EnumSet.of(JobStatus.COMPLETED, JobStatus.CANCELLED), NOW.plusSeconds(10), 100);

    assertThat(purged).isEqualTo(2);
    assertThat(store.find(completed.id())).isEmpty();
    assertThat(store.find(cancelled.id())).isEmpty();
    assertThat(store.find(failed.id())).isPresent();
    assertThat(store.find(recent.id())).isPresent();
  }

  @Test
  void purge_deletes_the_executions_with_their_job() {
    Job job = job();
    store.insert(job);
    Attempt first = claim(job, NOW);
    store.finish(ExecutionOutcome.failed(first.execution().id(), "boom", NOW), NOW);
    Attempt second = claim(job, NOW);
    store.finish(ExecutionOutcome.completed(second.execution().id(), null), NOW);
    assertThat(store.executions(job.id())).hasSize(2);

    assertThat(store.purge(FINISHED, NOW.plusSeconds(1), 100)).isEqualTo(1);

    assertThat(store.find(job.id())).isEmpty();
    assertThat(store.executions(job.id())).isEmpty();
  }

  @Test
  void purge_deletes_at_most_the_limit_oldest_first_and_the_rest_in_later_batches() {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      jobs.add(finished(job(), JobStatus.COMPLETED, NOW.plusSeconds(i)));
    }
    Instant cutOff = NOW.plusSeconds(3_600);

    assertThat(store.purge(FINISHED, cutOff, 10)).isEqualTo(10);
    for (int i = 0; i < 25; i++) {
      boolean purged = i < 10;
      assertThat(store.find(jobs.get(i).id()).isEmpty()).as("job %d purged", i).isEqualTo(purged);
    }
    assertThat(store.purge(FINISHED, cutOff, 10)).isEqualTo(10);
    assertThat(store.purge(FINISHED, cutOff, 10)).isEqualTo(5);
    assertThat(store.purge(FINISHED, cutOff, 10)).isZero();
    assertThat(store.query(JobQuery.all()).total()).isZero();
  }

  @Test
  void purge_never_deletes_pending_retrying_or_running_jobs() {
    Job pending = job();
    Job retrying = job();
    Job running = job();
    store.insertAll(List.of(pending, retrying, running));
    store.finish(
        ExecutionOutcome.failed(claim(retrying, NOW).execution().id(), "boom", NOW.plusSeconds(5)),
        NOW);
    claim(running, NOW);

    assertThat(store.purge(FINISHED, NOW.plus(Duration.ofDays(365)), 100)).isZero();

    assertThat(store.find(pending.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    assertThat(store.find(retrying.id()).orElseThrow().status()).isEqualTo(JobStatus.RETRYING);
    assertThat(store.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.executions(retrying.id())).hasSize(1);
  }

  @Test
  void purge_frees_the_idempotency_keys_of_the_deleted_jobs() {
    finished(
        job("send-email", Delivery.pull(), NOW, "follow-up-usr_123", null),
        JobStatus.COMPLETED,
        NOW);

    store.purge(FINISHED, NOW.plusSeconds(1), 100);

    Job again = job("send-email", Delivery.pull(), NOW, "follow-up-usr_123", null);
    store.insert(again);
    assertThat(store.find(again.id())).isPresent();
  }

  @Test
  void purge_deletes_the_finished_jobs_of_schedules_like_any_other() {
    UUID scheduleId = UUID.fromString("00000000-0000-4000-9000-000000000001");
    Job fired =
        finished(
            job(
                "send-email",
                Delivery.pull(),
                NOW,
                scheduleId + "." + NOW.toEpochMilli(),
                scheduleId),
            JobStatus.COMPLETED,
            NOW);
    Job next =
        job("send-email", Delivery.pull(), NOW.plusSeconds(3_600), scheduleId + ".2", scheduleId);
    store.insert(next);

    assertThat(store.purge(FINISHED, NOW.plusSeconds(1), 100)).isEqualTo(1);

    assertThat(store.find(fired.id())).isEmpty();
    assertThat(store.find(next.id())).isPresent();
    assertThat(store.hasUnfinishedJob(scheduleId)).isTrue();
  }

  @Test
  void purge_of_no_statuses_deletes_nothing() {
    finished(job(), JobStatus.COMPLETED, NOW);

    assertThat(store.purge(Set.of(), NOW.plusSeconds(1), 100)).isZero();
    assertThat(store.query(JobQuery.all()).total()).isEqualTo(1);
  }

  @Test
  void purge_refuses_unfinished_statuses_and_limits_below_one() {
    assertThatThrownBy(() -> store.purge(EnumSet.of(JobStatus.PENDING), NOW, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pending");
    assertThatThrownBy(() -> store.purge(FINISHED, NOW, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }

  // ---------------------------------------------------------------------------------------------
  // jobs waiting for a handler

  @Test
  void waiting_handlers_names_each_handler_of_due_pull_jobs_once_with_its_oldest_job() {
    store.insertAll(
        List.of(
            job("resize", Delivery.pull(), NOW.minusSeconds(300), null, null),
            job("resize", Delivery.pull(), NOW.minusSeconds(600), null, null),
            job("thumbnail", Delivery.pull(), NOW.minusSeconds(120), null, null),
            job("later", Delivery.pull(), NOW.plusSeconds(60), null, null),
            job(
                "pushed",
                Delivery.push("https://example.com/hook", "POST", java.util.Map.of()),
                NOW.minusSeconds(600),
                null,
                null)));

    List<WaitingHandler> waiting = store.waitingHandlers(NOW, Set.of(), 100);

    assertThat(waiting)
        .containsExactlyInAnyOrder(
            new WaitingHandler("resize", NOW.minusSeconds(600)),
            new WaitingHandler("thumbnail", NOW.minusSeconds(120)));
  }

  @Test
  void waiting_handlers_leave_out_excluded_names_running_and_finished_jobs() {
    Job running = job("resize", Delivery.pull(), NOW.minusSeconds(60), null, null);
    Job done = job("thumbnail", Delivery.pull(), NOW.minusSeconds(60), null, null);
    store.insertAll(
        List.of(running, done, job("report", Delivery.pull(), NOW.minusSeconds(60), null, null)));
    claim(running, NOW);
    store.finish(ExecutionOutcome.completed(claim(done, NOW).execution().id(), null), NOW);

    assertThat(store.waitingHandlers(NOW, Set.of("report"), 100)).isEmpty();
    assertThat(store.waitingHandlers(NOW, Set.of(), 100))
        .containsExactly(new WaitingHandler("report", NOW.minusSeconds(60)));
  }

  @Test
  void waiting_handlers_count_a_retry_from_its_retry_time() {
    Job retried = job("resize", Delivery.pull(), NOW.minusSeconds(600), null, null);
    store.insert(retried);
    store.finish(
        ExecutionOutcome.failed(claim(retried, NOW).execution().id(), "boom", NOW.plusSeconds(30)),
        NOW);

    assertThat(store.waitingHandlers(NOW.plusSeconds(29), Set.of(), 100)).isEmpty();
    assertThat(store.waitingHandlers(NOW.plusSeconds(30), Set.of(), 100))
        .containsExactly(new WaitingHandler("resize", NOW.plusSeconds(30)));
  }

  @Test
  void waiting_handlers_read_at_most_the_limit_of_the_earliest_jobs() {
    store.insertAll(
        List.of(
            job("first", Delivery.pull(), NOW.minusSeconds(300), null, null),
            job("first", Delivery.pull(), NOW.minusSeconds(200), null, null),
            job("second", Delivery.pull(), NOW.minusSeconds(100), null, null)));

    assertThat(store.waitingHandlers(NOW, Set.of(), 2))
        .containsExactly(new WaitingHandler("first", NOW.minusSeconds(300)));
    // Jobs of excluded handlers count towards the limit: the read stays bounded.
    assertThat(store.waitingHandlers(NOW, Set.of("first"), 2)).isEmpty();
    assertThat(store.waitingHandlers(NOW, Set.of("first"), 3))
        .containsExactly(new WaitingHandler("second", NOW.minusSeconds(100)));
  }
}
