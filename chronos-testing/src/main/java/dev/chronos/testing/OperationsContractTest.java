package dev.chronos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chronos.Chronos;
import dev.chronos.Delivery;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.ExecutionTrigger;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobNotFoundException;
import dev.chronos.JobQuery;
import dev.chronos.JobStateConflictException;
import dev.chronos.JobStatus;
import dev.chronos.Page;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The operations on jobs by hand ({@link JobStore#retry}, {@link JobStore#runNow}, {@link
 * JobStore#reschedule}, their bulk forms) and get-or-create ({@link JobStore#insertIfAbsent}), as
 * every {@link JobStore} must do them, races between two nodes included: extend this class and
 * implement {@link #createStore()}; a store shared between processes also overrides {@link
 * #createPeerStore} so that the races run between two stores on one database.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class OperationsContractTest {
  /** The instant the tests start at. */
  protected static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final String HANDLER = "send-email";
  private static final JobSelector PULL = JobSelector.handlers(Set.of(HANDLER));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RACERS = 8;

  private JobStore store;
  private JobStore peer;
  private long nextId;

  /** For subclasses, one per store under test. */
  protected OperationsContractTest() {}

  /**
   * Creates the store under test: a new, empty one for each test.
   *
   * @return the store
   */
  protected abstract JobStore createStore();

  /**
   * A second store on the same data as {@code first}, as another node opens it: races run between
   * the two. The default is {@code first} itself, for stores that live in one process.
   *
   * @param first the store {@link #createStore()} made for this test
   * @return a store sharing its data
   */
  protected JobStore createPeerStore(JobStore first) {
    return first;
  }

  @BeforeEach
  final void openStores() {
    store = createStore();
    peer = createPeerStore(store);
  }

  @AfterEach
  final void closeStores() {
    if (peer != store) {
      peer.close();
    }
    store.close();
  }

  // ---- retry
  // --------------------------------------------------------------------------------------

  @Test
  void retry_makes_a_failed_job_retrying_due_now_and_its_next_attempt_manual() {
    Job job = insert(job("k-retry", 1));
    failForGood(job, NOW.plusSeconds(1));
    Instant later = NOW.plusSeconds(60);

    Job retried = store.retry(job.id(), later);

    assertThat(retried.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(retried.runAt()).isEqualTo(later);
    assertThat(retried.updatedAt()).isEqualTo(later);
    assertThat(retried.attempts()).isEqualTo(1);
    assertThat(retried.lastError()).isEqualTo("boom");
    assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RETRYING);
    Attempt manual = claimOne(later);
    assertThat(manual.execution().trigger()).isEqualTo(ExecutionTrigger.MANUAL);
    assertThat(manual.execution().attempt()).isEqualTo(2);
  }

  @Test
  void a_retried_job_gets_its_whole_retry_budget_again() {
    Job job = insert(job(null, 1)); // one retry after the first attempt
    Instant t = NOW;
    failWithRetry(claimOne(t), t);
    t = t.plusSeconds(60);
    Attempt second = claimOne(t);
    assertThat(second.isLastAttempt()).isTrue();
    failWithRetry(second, t);
    assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);

    t = t.plusSeconds(10);
    store.retry(job.id(), t);
    Attempt manual = claimOne(t);
    assertThat(manual.execution().trigger()).isEqualTo(ExecutionTrigger.MANUAL);
    assertThat(manual.retriesLeft()).isEqualTo(1);
    assertThat(manual.isLastAttempt()).isFalse();
    failWithRetry(manual, t);
    assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RETRYING);

    t = t.plusSeconds(60);
    Attempt automatic = claimOne(t);
    assertThat(automatic.execution().trigger()).isEqualTo(ExecutionTrigger.SYSTEM_RETRY);
    assertThat(automatic.isLastAttempt()).isTrue();
    failWithRetry(automatic, t);
    Job failed = store.find(job.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(4);
    assertThat(store.executions(job.id()))
        .extracting(Execution::trigger)
        .containsExactly(
            ExecutionTrigger.SUBMIT,
            ExecutionTrigger.SYSTEM_RETRY,
            ExecutionTrigger.MANUAL,
            ExecutionTrigger.SYSTEM_RETRY);
  }

  @Test
  void retry_refuses_a_job_that_has_not_failed_and_changes_nothing() {
    Job pending = insert(job(null, 3));
    Job running = insert(job(null, 3));
    claim(running, NOW);
    Job completed = insert(job(null, 3));
    Attempt done = claim(completed, NOW);
    store.finish(ExecutionOutcome.completed(done.execution().id(), TextNode.valueOf("ok")), NOW);
    Job cancelled = insert(job(null, 3));
    store.cancel(cancelled.id(), NOW);

    for (Job j : List.of(pending, running, completed, cancelled)) {
      Job before = store.find(j.id()).orElseThrow();
      assertThatThrownBy(() -> store.retry(j.id(), NOW.plusSeconds(5)))
          .isInstanceOfSatisfying(
              JobStateConflictException.class,
              e -> {
                assertThat(e.code()).isEqualTo("conflict");
                assertThat(e.jobId()).isEqualTo(j.id());
                assertThat(e.status()).isEqualTo(before.status());
              });
      assertThat(store.find(j.id())).contains(before);
    }
    assertThatThrownBy(() -> store.retry(UUID.randomUUID(), NOW))
        .isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void a_retried_job_is_no_longer_purged_as_failed() {
    Job job = insert(job(null, 0));
    failForGood(job, NOW);
    store.retry(job.id(), NOW.plusSeconds(1));

    int purged = store.purge(EnumSet.of(JobStatus.FAILED), NOW.plusSeconds(3_600), 100);

    assertThat(purged).isZero();
    assertThat(store.find(job.id())).isPresent();
  }

  @Test
  void retry_all_retries_the_failed_jobs_given_and_skips_the_others() {
    Job failed1 = insert(job(null, 0));
    failForGood(failed1, NOW);
    Job failed2 = insert(job(null, 0));
    failForGood(failed2, NOW);
    Job pending = insert(job(null, 0));

    List<Job> retried =
        store.retryAll(
            List.of(failed1.id(), pending.id(), UUID.randomUUID(), failed2.id()),
            NOW.plusSeconds(1));

    assertThat(retried).extracting(Job::id).containsExactlyInAnyOrder(failed1.id(), failed2.id());
    assertThat(retried).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.RETRYING));
    assertThat(store.find(pending.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    assertThat(store.retryAll(List.of(failed1.id()), NOW.plusSeconds(2))).isEmpty();
  }

  // ---- run now and reschedule ------------------------------------------------------------------

  @Test
  void run_now_makes_a_future_job_due_now_with_a_manual_attempt_that_uses_no_retry() {
    Job job = insert(job(null, 2, NOW.plusSeconds(3_600)));
    Instant now = NOW.plusSeconds(5);

    Job due = store.runNow(job.id(), now);

    assertThat(due.status()).isEqualTo(JobStatus.PENDING);
    assertThat(due.runAt()).isEqualTo(now);
    assertThat(due.scheduledFor()).isEqualTo(NOW.plusSeconds(3_600));
    Attempt a = claimOne(now);
    assertThat(a.execution().trigger()).isEqualTo(ExecutionTrigger.MANUAL);
    assertThat(a.execution().attempt()).isEqualTo(1);
    assertThat(a.retriesLeft()).isEqualTo(2);
  }

  @Test
  void run_now_refuses_a_job_already_due_by_hand_running_or_finished() {
    Job job = insert(job(null, 2, NOW.plusSeconds(3_600)));
    store.runNow(job.id(), NOW);

    assertThatThrownBy(() -> store.runNow(job.id(), NOW.plusSeconds(1)))
        .isInstanceOfSatisfying(
            JobStateConflictException.class,
            e -> assertThat(e.getMessage()).contains("already due to run now"));
    assertThat(store.find(job.id()).orElseThrow().runAt()).isEqualTo(NOW);

    Attempt a = claimOne(NOW);
    assertThatThrownBy(() -> store.runNow(job.id(), NOW))
        .isInstanceOfSatisfying(
            JobStateConflictException.class,
            e -> assertThat(e.status()).isEqualTo(JobStatus.RUNNING));
    store.finish(ExecutionOutcome.completed(a.execution().id(), null), NOW);
    assertThatThrownBy(() -> store.runNow(job.id(), NOW))
        .isInstanceOf(JobStateConflictException.class);
    assertThatThrownBy(() -> store.runNow(UUID.randomUUID(), NOW))
        .isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void run_now_of_a_job_waiting_for_its_retry_runs_it_at_once_as_manual() {
    Job job = insert(job(null, 3));
    failWithRetry(claimOne(NOW), NOW); // retry due at NOW + 60 s
    assertThat(store.claimDue(PULL, 10, "node-1", NOW.plusSeconds(1), GRACE)).isEmpty();

    store.runNow(job.id(), NOW.plusSeconds(1));

    Attempt a = claimOne(NOW.plusSeconds(1));
    assertThat(a.execution().attempt()).isEqualTo(2);
    assertThat(a.execution().trigger()).isEqualTo(ExecutionTrigger.MANUAL);
    assertThat(a.retriesLeft()).isEqualTo(2);
  }

  @Test
  void reschedule_moves_a_pending_job_and_its_next_attempt_is_not_manual() {
    Job job = insert(job(null, 1));
    Instant later = NOW.plusSeconds(600);

    Job moved = store.reschedule(job.id(), later, NOW);

    assertThat(moved.runAt()).isEqualTo(later);
    assertThat(moved.status()).isEqualTo(JobStatus.PENDING);
    assertThat(moved.updatedAt()).isEqualTo(NOW);
    assertThat(store.claimDue(PULL, 10, "node-1", NOW.plusSeconds(599), GRACE)).isEmpty();
    assertThat(store.claim(List.of(job.id()), "node-1", NOW.plusSeconds(599), GRACE)).isEmpty();
    Attempt a = claimOne(later);
    assertThat(a.execution().trigger()).isEqualTo(ExecutionTrigger.SUBMIT);
  }

  @Test
  void reschedule_after_run_now_clears_the_manual_trigger_so_run_now_works_again() {
    Job job = insert(job(null, 1, NOW.plusSeconds(3_600)));
    store.runNow(job.id(), NOW);
    Instant tomorrow = NOW.plusSeconds(86_400);

    store.reschedule(job.id(), tomorrow, NOW.plusSeconds(1));

    assertThat(store.claimDue(PULL, 10, "node-1", NOW.plusSeconds(2), GRACE)).isEmpty();
    Attempt atTheNewTime = claimOne(tomorrow);
    assertThat(atTheNewTime.execution().trigger()).isEqualTo(ExecutionTrigger.SUBMIT);
    failWithRetry(atTheNewTime, tomorrow); // retry due a minute on

    store.runNow(job.id(), tomorrow.plusSeconds(1));
    store.reschedule(job.id(), tomorrow.plusSeconds(3_600), tomorrow.plusSeconds(2));
    Job due = store.runNow(job.id(), tomorrow.plusSeconds(3));

    assertThat(due.runAt()).isEqualTo(tomorrow.plusSeconds(3));
    Attempt byHand = claimOne(tomorrow.plusSeconds(3));
    assertThat(byHand.execution().trigger()).isEqualTo(ExecutionTrigger.MANUAL);
  }

  @Test
  void reschedule_of_a_retried_job_records_its_next_attempt_as_a_system_retry() {
    Job job = insert(job(null, 0));
    failForGood(job, NOW);
    store.retry(job.id(), NOW.plusSeconds(1));

    store.reschedule(job.id(), NOW.plusSeconds(600), NOW.plusSeconds(2));

    Attempt a = claimOne(NOW.plusSeconds(600));
    assertThat(a.execution().trigger()).isEqualTo(ExecutionTrigger.SYSTEM_RETRY);
    assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void reschedule_refuses_a_running_or_finished_job() {
    Job job = insert(job(null, 1));
    Attempt a = claimOne(NOW);
    assertThatThrownBy(() -> store.reschedule(job.id(), NOW.plusSeconds(60), NOW))
        .isInstanceOf(JobStateConflictException.class);
    store.finish(ExecutionOutcome.completed(a.execution().id(), null), NOW);
    assertThatThrownBy(() -> store.reschedule(job.id(), NOW.plusSeconds(60), NOW))
        .isInstanceOfSatisfying(
            JobStateConflictException.class,
            e -> assertThat(e.status()).isEqualTo(JobStatus.COMPLETED));
    assertThatThrownBy(() -> store.reschedule(UUID.randomUUID(), NOW, NOW))
        .isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void cancel_all_cancels_the_runnable_jobs_given_and_skips_the_others() {
    Job pending = insert(job(null, 0));
    Job retrying = insert(job(null, 3));
    failWithRetry(claim(retrying, NOW), NOW);
    Job running = insert(job(null, 0));
    claim(running, NOW);

    List<Job> cancelled =
        store.cancelAll(List.of(pending.id(), retrying.id(), running.id(), UUID.randomUUID()), NOW);

    assertThat(cancelled)
        .extracting(Job::id)
        .containsExactlyInAnyOrder(pending.id(), retrying.id());
    assertThat(cancelled).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.CANCELLED));
    assertThat(store.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
  }

  // ---- bulk operations through a node -----------------------------------------------------------

  @Test
  void retry_all_retries_each_failed_job_once_even_when_it_fails_again_at_once() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      Job job = insert(job(null, 0));
      failForGood(job, NOW);
      ids.add(job.id());
    }
    Map<UUID, Integer> retries = new ConcurrentHashMap<>();
    AtomicInteger batches = new AtomicInteger();
    // Another node runs each retried job at once, and its handler fails at once: the job is failed
    // again before the next batch is read.
    JobStore racing =
        interleaved(
            (method, args, result) -> {
              if (!method.equals("retryAll")) {
                return;
              }
              if (batches.incrementAndGet() > 20) {
                throw new AssertionError("retryAll did not end after 20 batches");
              }
              @SuppressWarnings("unchecked")
              List<Job> retried = (List<Job>) result;
              for (Job j : retried) {
                retries.merge(j.id(), 1, Integer::sum);
                Attempt a = peer.claim(List.of(j.id()), "node-2", NOW, GRACE).get(0);
                peer.finish(ExecutionOutcome.failed(a.execution().id(), "again", null), NOW);
              }
            });

    long count;
    try (Chronos chronos = node(racing)) {
      count = chronos.retryAll(JobQuery.builder().handler(HANDLER).build());
    }

    assertThat(count).isEqualTo(250);
    assertThat(retries).hasSize(250).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(retries.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(ids)
        .allSatisfy(
            id -> assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED));
  }

  @Test
  void cancel_all_goes_on_past_a_batch_claimed_meanwhile_and_ends_while_jobs_keep_arriving() {
    for (int i = 0; i < 250; i++) {
      insert(job(null, 0, NOW.plusSeconds(3_600)));
    }
    AtomicInteger batches = new AtomicInteger();
    List<UUID> claimedMeanwhile = new ArrayList<>();
    List<UUID> arrived = new ArrayList<>();
    JobStore racing =
        interleaved(
            (method, args, result) -> {
              if (!method.equals("query")) {
                return;
              }
              if (batches.incrementAndGet() > 20) {
                throw new AssertionError("cancelAll did not end after 20 batches");
              }
              @SuppressWarnings("unchecked")
              List<Job> read = ((Page<Job>) result).items();
              if (batches.get() == 1) {
                // Between the read and the cancel, another node claims the whole first batch.
                List<UUID> batch = read.stream().map(Job::id).toList();
                peer.claim(batch, "node-2", NOW.plusSeconds(3_600), GRACE)
                    .forEach(a -> claimedMeanwhile.add(a.job().id()));
              }
              // And 100 new matching jobs arrive during each batch.
              for (int i = 0; i < 100; i++) {
                Job late = createdAt(job(null, 0, NOW.plusSeconds(3_600)), NOW.plusSeconds(1));
                peer.insert(late);
                arrived.add(late.id());
              }
            });

    long count;
    try (Chronos chronos = node(racing)) {
      count = chronos.cancelAll(JobQuery.builder().handler(HANDLER).build());
    }

    assertThat(claimedMeanwhile).hasSize(100);
    assertThat(count).isEqualTo(150);
    assertThat(arrived)
        .allSatisfy(
            id -> assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING));
    assertThat(claimedMeanwhile)
        .allSatisfy(
            id -> assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING));
  }

  // ---- get-or-create ---------------------------------------------------------------------------

  @Test
  void insert_if_absent_stores_a_job_whose_key_is_free() {
    Job job = job("k-free", 3);

    assertThat(store.insertIfAbsent(job, false)).isEmpty();

    assertThat(store.find(job.id())).contains(job);
  }

  @Test
  void insert_if_absent_returns_the_holder_of_a_taken_key_and_stores_nothing() {
    Job holder = insert(job("k-taken", 3));
    Job second = job("k-taken", 3, NOW, json("{\"other\":true}"));

    Optional<Job> found = store.insertIfAbsent(second, false);

    assertThat(found).contains(holder);
    assertThat(store.find(second.id())).isEmpty();
    assertThat(store.query(JobQuery.builder().build()).total()).isEqualTo(1);
  }

  @Test
  void insert_if_absent_returns_the_holder_with_its_current_state_and_result() {
    Job holder = insert(job("k-done", 3));
    Attempt a = claim(holder, NOW);
    store.finish(
        ExecutionOutcome.completed(a.execution().id(), json("{\"sent\":true}")),
        NOW.plusSeconds(1));

    Job found = store.insertIfAbsent(job("k-done", 3), false).orElseThrow();

    assertThat(found.id()).isEqualTo(holder.id());
    assertThat(found.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(found.result()).isEqualTo(json("{\"sent\":true}"));
  }

  @Test
  void with_the_same_payload_required_a_holder_with_an_equal_payload_is_returned() {
    Job holder = insert(job("k-same", 3, NOW, json("{\"a\":1,\"b\":[1.50,\"x\"],\"c\":{}}")));
    // The same JSON value: members in another order, numbers spelled otherwise.
    Job again = job("k-same", 3, NOW, json("{\"c\":{},\"b\":[1.5,\"x\"],\"a\":1.0}"));

    assertThat(store.insertIfAbsent(again, true)).contains(holder);
    assertThat(store.find(again.id())).isEmpty();
  }

  @Test
  void with_the_same_payload_required_a_different_payload_is_a_conflict_naming_the_holder() {
    Job holder = insert(job("k-diff", 3, NOW, json("{\"userId\":\"usr_1\"}")));
    Job other = job("k-diff", 3, NOW, json("{\"userId\":\"usr_2\"}"));

    assertThatThrownBy(() -> store.insertIfAbsent(other, true))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> {
              assertThat(e.existingJobId()).isEqualTo(holder.id());
              assertThat(e.idempotencyKey()).isEqualTo("k-diff");
            });
    assertThat(store.find(other.id())).isEmpty();
    // Without the requirement the holder is returned.
    assertThat(store.insertIfAbsent(other, false)).contains(holder);
  }

  @Test
  void a_job_without_a_payload_matches_only_a_holder_without_one() {
    Job holder = insert(job("k-none", 3, NOW, null));

    assertThat(store.insertIfAbsent(job("k-none", 3, NOW, null), true)).contains(holder);
    assertThatThrownBy(() -> store.insertIfAbsent(job("k-none", 3, NOW, json("{\"a\":1}")), true))
        .isInstanceOf(IdempotencyKeyConflictException.class);
  }

  @Test
  void keys_of_insert_if_absent_are_scoped_to_the_account() {
    Job holder = insert(job("k-acct", 3));
    Job elsewhere = withAccount(job("k-acct", 3), "other");

    assertThat(store.insertIfAbsent(elsewhere, true)).isEmpty();

    assertThat(store.find(elsewhere.id())).isPresent();
    assertThat(store.find(holder.id())).isPresent();
  }

  @Test
  void a_job_without_a_key_is_always_stored_by_insert_if_absent() {
    Job a = job(null, 3);
    Job b = job(null, 3);

    assertThat(store.insertIfAbsent(a, true)).isEmpty();
    assertThat(store.insertIfAbsent(b, true)).isEmpty();

    assertThat(store.query(JobQuery.builder().build()).total()).isEqualTo(2);
  }

  @Test
  void a_key_freed_by_purge_can_be_taken_again_by_insert_if_absent() {
    Job old = insert(job("k-purged", 0));
    store.cancel(old.id(), NOW);
    store.purge(EnumSet.of(JobStatus.CANCELLED), NOW.plusSeconds(1), 10);
    Job fresh = job("k-purged", 0);

    assertThat(store.insertIfAbsent(fresh, true)).isEmpty();

    assertThat(store.find(fresh.id())).isPresent();
  }

  // ---- races between two nodes -----------------------------------------------------------------

  @RepeatedTest(3)
  void racing_get_or_create_on_one_key_stores_one_job_and_returns_it_to_every_caller() {
    List<Job> candidates = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      candidates.add(job("k-race", 3, NOW, json("{\"same\":\"payload\"}")));
    }

    List<Optional<Job>> results =
        Races.race(RACERS, i -> nodeStore(i).insertIfAbsent(candidates.get(i), true));

    List<Job> stored = store.query(JobQuery.builder().build()).items();
    assertThat(stored).hasSize(1);
    UUID winner = stored.get(0).id();
    assertThat(results.stream().filter(Optional::isEmpty).count()).isEqualTo(1);
    assertThat(results.stream().flatMap(Optional::stream).map(Job::id)).containsOnly(winner);
    assertThat(candidates.stream().map(Job::id)).contains(winner);
  }

  @RepeatedTest(3)
  void two_nodes_retrying_one_failed_job_give_one_winner_and_one_conflict() {
    Job job = insert(job(null, 0));
    failForGood(job, NOW);

    List<Object> results = Races.race(2, i -> attempt(() -> nodeStore(i).retry(job.id(), NOW)));

    assertThat(results).filteredOn(r -> r instanceof Job).hasSize(1);
    assertThat(results)
        .filteredOn(r -> r instanceof JobStateConflictException)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((JobStateConflictException) e).status()).isEqualTo(JobStatus.RETRYING));
    claimOne(NOW);
    assertThat(store.executions(job.id()))
        .extracting(Execution::trigger)
        .containsExactly(ExecutionTrigger.SUBMIT, ExecutionTrigger.MANUAL);
  }

  @RepeatedTest(3)
  void two_nodes_running_one_job_now_give_one_winner_and_one_conflict() {
    Job job = insert(job(null, 0, NOW.plusSeconds(3_600)));

    List<Object> results = Races.race(2, i -> attempt(() -> nodeStore(i).runNow(job.id(), NOW)));

    assertThat(results).filteredOn(r -> r instanceof Job).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof JobStateConflictException).hasSize(1);
  }

  @RepeatedTest(3)
  void a_reschedule_racing_a_claim_either_moves_the_job_or_loses_with_a_conflict() {
    Job job = insert(job(null, 0));
    Instant later = NOW.plusSeconds(600);

    List<Object> results =
        Races.race(
            2,
            i ->
                i == 0
                    ? attempt(() -> store.reschedule(job.id(), later, NOW))
                    : peer.claim(List.of(job.id()), "node-2", NOW, GRACE));

    Object rescheduled = results.get(0);
    @SuppressWarnings("unchecked")
    List<Attempt> claimed = (List<Attempt>) results.get(1);
    Job after = store.find(job.id()).orElseThrow();
    if (rescheduled instanceof Job) {
      assertThat(claimed).isEmpty();
      assertThat(after.status()).isEqualTo(JobStatus.PENDING);
      assertThat(after.runAt()).isEqualTo(later);
    } else {
      assertThat(rescheduled).isInstanceOf(JobStateConflictException.class);
      assertThat(claimed).hasSize(1);
      assertThat(after.status()).isEqualTo(JobStatus.RUNNING);
    }
  }

  @RepeatedTest(3)
  void a_cancel_all_racing_a_claim_cancels_exactly_the_jobs_not_claimed() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(insert(job(null, 0)).id());
    }

    List<Object> results =
        Races.race(
            2,
            i ->
                i == 0 ? store.cancelAll(ids, NOW) : peer.claimDue(PULL, 20, "node-2", NOW, GRACE));

    @SuppressWarnings("unchecked")
    List<Job> cancelled = (List<Job>) results.get(0);
    @SuppressWarnings("unchecked")
    List<Attempt> claimed = (List<Attempt>) results.get(1);
    assertThat(cancelled.size() + claimed.size()).isEqualTo(20);
    Set<UUID> both = new java.util.HashSet<>();
    cancelled.forEach(j -> both.add(j.id()));
    claimed.forEach(a -> both.add(a.job().id()));
    assertThat(both).containsExactlyInAnyOrderElementsOf(ids);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** What a peer does right after the store under test answers a call (an interleaving). */
  @FunctionalInterface
  private interface AfterCall {
    void after(String method, Object[] args, Object result);
  }

  /**
   * The store under test, unchanged, with {@code then} run after each call returns: the node's
   * calls go to the real store, and another node acts between them. Closing the node leaves the
   * store open for the test's own checks.
   */
  private JobStore interleaved(AfterCall then) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            return null; // the test closes the store after the node
          }
          Object result;
          try {
            result = method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          then.after(method.getName(), args, result);
          return result;
        };
    return (JobStore)
        Proxy.newProxyInstance(
            JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, handler);
  }

  /** A node on {@code store} under the test's clock, not started, closed by the caller. */
  private static Chronos node(JobStore store) {
    return Chronos.builder().store(store).clock(MutableClock.at(NOW)).build();
  }

  private static Job createdAt(Job j, Instant createdAt) {
    return new Job(
        j.id(),
        j.account(),
        j.name(),
        j.handler(),
        j.payload(),
        j.status(),
        j.scheduledFor(),
        j.runAt(),
        createdAt,
        createdAt,
        j.attempts(),
        j.maxRetries(),
        j.timeout(),
        j.delivery(),
        j.idempotencyKey(),
        j.scheduleId(),
        j.lastError(),
        j.result());
  }

  private JobStore nodeStore(int i) {
    return i % 2 == 0 ? store : peer;
  }

  private Job insert(Job job) {
    store.insert(job);
    return job;
  }

  private Job job(String key, int maxRetries) {
    return job(key, maxRetries, NOW);
  }

  private Job job(String key, int maxRetries, Instant runAt) {
    return job(key, maxRetries, runAt, json("{\"n\":" + (nextId + 1) + "}"));
  }

  private Job job(String key, int maxRetries, Instant runAt, JsonNode payload) {
    nextId++;
    return new Job(
        UUID.fromString(String.format("00000000-0000-4000-8000-%012x", nextId)),
        "default",
        "Operate on me",
        HANDLER,
        payload,
        JobStatus.PENDING,
        runAt,
        runAt,
        NOW.minusSeconds(60),
        NOW.minusSeconds(60),
        0,
        maxRetries,
        Duration.ofSeconds(30),
        Delivery.pull(),
        key,
        null,
        null,
        null);
  }

  private static Job withAccount(Job j, String account) {
    return new Job(
        j.id(),
        account,
        j.name(),
        j.handler(),
        j.payload(),
        j.status(),
        j.scheduledFor(),
        j.runAt(),
        j.createdAt(),
        j.updatedAt(),
        j.attempts(),
        j.maxRetries(),
        j.timeout(),
        j.delivery(),
        j.idempotencyKey(),
        j.scheduleId(),
        j.lastError(),
        j.result());
  }

  private Attempt claim(Job job, Instant now) {
    List<Attempt> claimed = store.claim(List.of(job.id()), "node-1", now, GRACE);
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  private Attempt claimOne(Instant now) {
    List<Attempt> claimed = store.claimDue(PULL, 10, "node-1", now, GRACE);
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  /** Fails an attempt with a retry one minute on, if the job has retries left. */
  private void failWithRetry(Attempt a, Instant now) {
    assertThat(
            store.finish(
                ExecutionOutcome.failed(a.execution().id(), "boom", now.plusSeconds(60)), now))
        .isPresent();
  }

  private void failForGood(Job job, Instant now) {
    Attempt a = claim(job, now);
    Optional<Attempt> after =
        store.finish(ExecutionOutcome.failed(a.execution().id(), "boom", null), now);
    assertThat(after.orElseThrow().job().status()).isEqualTo(JobStatus.FAILED);
    assertThat(after.orElseThrow().execution().status()).isEqualTo(ExecutionStatus.FAILED);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The call's result, or the {@link RuntimeException} it threw. */
  private static Object attempt(java.util.function.Supplier<Object> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return e;
    }
  }
}
