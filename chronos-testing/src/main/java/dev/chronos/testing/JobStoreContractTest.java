package dev.chronos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.DelayUnit;
import dev.chronos.Delivery;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.ExecutionTrigger;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Interval;
import dev.chronos.Job;
import dev.chronos.JobNotFoundException;
import dev.chronos.JobQuery;
import dev.chronos.JobStateConflictException;
import dev.chronos.JobStatus;
import dev.chronos.MisfirePolicy;
import dev.chronos.OverlapPolicy;
import dev.chronos.Page;
import dev.chronos.Schedule;
import dev.chronos.ScheduleQuery;
import dev.chronos.ScheduleStatus;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.ExpiredLease;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.ScheduleFire;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link JobStore} must have: extend this class, implement {@link
 * #createStore()}, and every test runs against the new store. Time never comes from a clock: the
 * tests pass fixed instants, all with microsecond precision.
 *
 * <p>Each test gets a fresh, empty store, closed after the test. A test that takes more than a
 * minute fails instead of hanging the build (a deadlocked store would otherwise never return).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class JobStoreContractTest {

  /** The instant most tests use as "now"; jobs are due at it unless a test says otherwise. */
  protected static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  /** The lease grace the tests claim with. */
  protected static final Duration GRACE = Duration.ofSeconds(10);

  /** The node id the tests claim with. */
  protected static final String NODE = "node-1";

  private static final String HANDLER = "send-email";
  private static final JobSelector PULL = JobSelector.handlers(Set.of(HANDLER));
  private static final Duration CONCURRENCY_BOUND = Duration.ofSeconds(60);

  /** Reads the payloads the tests store: plain trees, so any Jackson configuration would do. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobStore store;
  private long nextId;

  /** For subclasses, one per store under test. */
  protected JobStoreContractTest() {}

  /**
   * Creates the store under test: a new, empty one for each test.
   *
   * @return the store
   */
  protected abstract JobStore createStore();

  /**
   * The store of the running test.
   *
   * @return the store
   */
  protected final JobStore store() {
    return store;
  }

  @BeforeEach
  final void openStore() {
    store = createStore();
  }

  @AfterEach
  final void closeStore() {
    store.close();
  }

  // ---------------------------------------------------------------------------------------------
  // insert and find

  @Test
  void find_returns_every_field_as_inserted() {
    Instant created = Instant.parse("2026-01-15T08:59:58.123456Z");
    Instant due = Instant.parse("2026-01-15T09:05:00.654321Z");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer t0k3n");
    headers.put("X-Trace", "abc");
    Job job =
        newJob()
            .account("acct-1")
            .name("Send follow-up")
            .handler(null)
            .payload(
                json(
                    "{\"user\":{\"id\":\"usr_123\",\"tags\":[\"a\",\"b\"]},\"count\":3,"
                        + "\"ratio\":0.5,\"ok\":true,\"none\":null}"))
            .runAt(due)
            .createdAt(created)
            .maxRetries(5)
            .timeout(Duration.ofSeconds(45))
            .delivery(Delivery.push("https://example.com/hook", "PUT", headers))
            .idempotencyKey("follow-up-usr_123")
            .scheduleId(UUID.fromString("6f1c2a1e-9d7b-4c1a-8e2f-3b4c5d6e7f80"))
            .build();

    store.insert(job);

    Job found = store.find(job.id()).orElseThrow();
    assertThat(found).isEqualTo(job);
    assertThat(found.delivery()).isInstanceOf(Delivery.Push.class);
    assertThat(((Delivery.Push) found.delivery()).headers()).containsExactlyEntriesOf(headers);
    assertThat(found.scheduledFor()).isEqualTo(due);
    assertThat(found.createdAt()).isEqualTo(created);
  }

  @Test
  void find_returns_a_pull_job_without_payload_or_key_as_inserted() {
    Job job = newJob().payload(null).build();

    store.insert(job);

    assertThat(store.find(job.id())).contains(job);
  }

  @Test
  void find_of_an_unknown_id_is_empty() {
    store.insert(newJob().build());

    assertThat(store.find(UUID.fromString("00000000-0000-4000-8000-ffffffffffff"))).isEmpty();
  }

  @Test
  void the_stored_payload_is_not_changed_through_the_callers_json_nodes() {
    ObjectNode payload = (ObjectNode) json("{\"userId\":\"usr_123\"}");
    Job job = newJob().payload(payload).build();
    store.insert(job);

    payload.put("userId", "changed after insert");
    ((ObjectNode) store.find(job.id()).orElseThrow().payload()).put("userId", "changed after find");

    assertThat(store.find(job.id()).orElseThrow().payload())
        .isEqualTo(json("{\"userId\":\"usr_123\"}"));
  }

  @Test
  void insert_all_stores_every_job_of_the_batch() {
    List<Job> batch =
        List.of(
            newJob().idempotencyKey("k1").build(),
            newJob().build(),
            newJob().idempotencyKey("k2").build());

    store.insertAll(batch);

    for (Job job : batch) {
      assertThat(store.find(job.id())).contains(job);
    }
  }

  @Test
  void insert_all_of_an_empty_batch_stores_nothing() {
    store.insertAll(List.of());

    assertThat(store.query(JobQuery.all()).total()).isZero();
  }

  // ---------------------------------------------------------------------------------------------
  // idempotency

  @Test
  void a_second_job_with_a_taken_key_conflicts_and_is_not_stored() {
    Job first = newJob().idempotencyKey("follow-up-usr_123").build();
    Job second = newJob().idempotencyKey("follow-up-usr_123").name("second").build();
    store.insert(first);

    assertThatThrownBy(() -> store.insert(second))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> {
              assertThat(e.existingJobId()).isEqualTo(first.id());
              assertThat(e.account()).isEqualTo("default");
              assertThat(e.idempotencyKey()).isEqualTo("follow-up-usr_123");
              assertThat(e.code()).isEqualTo("idempotency_key_conflict");
            });

    assertThat(store.find(second.id())).isEmpty();
    assertThat(store.find(first.id())).contains(first);
    assertThat(store.query(JobQuery.all()).total()).isEqualTo(1);
  }

  @Test
  void the_same_key_in_another_account_is_accepted() {
    Job first = newJob().account("acct-a").idempotencyKey("k").build();
    Job second = newJob().account("acct-b").idempotencyKey("k").build();

    store.insert(first);
    store.insert(second);

    assertThat(store.find(first.id())).contains(first);
    assertThat(store.find(second.id())).contains(second);
  }

  @Test
  void jobs_without_a_key_never_conflict() {
    store.insert(newJob().build());
    store.insert(newJob().build());

    assertThat(store.query(JobQuery.all()).total()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(
      value = JobStatus.class,
      names = {"COMPLETED", "FAILED", "CANCELLED"})
  void a_key_stays_taken_after_the_job_finished(JobStatus end) {
    Job first = newJob().idempotencyKey("k").build();
    store.insert(first);
    driveTo(first, end);

    Job second = newJob().idempotencyKey("k").build();
    assertThatThrownBy(() -> store.insert(second))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> assertThat(e.existingJobId()).isEqualTo(first.id()));
    assertThat(store.find(second.id())).isEmpty();
  }

  @Test
  void insert_all_with_a_key_taken_in_the_store_stores_nothing() {
    Job holder1 = newJob().idempotencyKey("k1").build();
    Job holder2 = newJob().idempotencyKey("k2").build();
    store.insertAll(List.of(holder1, holder2));
    Job fresh = newJob().idempotencyKey("fresh").build();
    Job unkeyed = newJob().build();
    Job conflict1 = newJob().idempotencyKey("k1").build();
    Job conflict2 = newJob().idempotencyKey("k2").build();

    assertThatThrownBy(() -> store.insertAll(List.of(fresh, unkeyed, conflict1, conflict2)))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> {
              assertThat(e.idempotencyKey()).isEqualTo("k1");
              assertThat(e.existingJobId()).isEqualTo(holder1.id());
            });

    for (Job job : List.of(fresh, unkeyed, conflict1, conflict2)) {
      assertThat(store.find(job.id())).isEmpty();
    }
    assertThat(store.query(JobQuery.all()).total()).isEqualTo(2);
    // The batch's own keys were not left behind.
    store.insert(newJob().idempotencyKey("fresh").build());
  }

  @Test
  void insert_all_with_a_key_repeated_inside_the_batch_stores_nothing() {
    Job a = newJob().idempotencyKey("a").build();
    Job first = newJob().idempotencyKey("dup").build();
    Job again = newJob().idempotencyKey("dup").build();

    assertThatThrownBy(() -> store.insertAll(List.of(a, first, again)))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> {
              assertThat(e.idempotencyKey()).isEqualTo("dup");
              assertThat(e.existingJobId()).isEqualTo(first.id());
            });

    assertThat(store.query(JobQuery.all()).total()).isZero();
    store.insert(newJob().idempotencyKey("a").build());
    store.insert(newJob().idempotencyKey("dup").build());
  }

  @Test
  void concurrent_inserts_with_one_key_store_exactly_one_job() throws Exception {
    int threads = 32;
    List<Job> candidates =
        IntStream.range(0, threads)
            .mapToObj(i -> newJob().idempotencyKey("race").name("candidate-" + i).build())
            .toList();

    List<Optional<UUID>> outcomes =
        runConcurrently(
            threads,
            i -> {
              try {
                store.insert(candidates.get(i));
                return Optional.<UUID>empty();
              } catch (IdempotencyKeyConflictException e) {
                return Optional.of(e.existingJobId());
              }
            });

    Page<Job> stored = store.query(JobQuery.builder().size(100).build());
    assertThat(stored.total()).isEqualTo(1);
    UUID winner = stored.items().get(0).id();
    assertThat(outcomes.stream().filter(Optional::isEmpty)).hasSize(1);
    assertThat(outcomes.stream().flatMap(Optional::stream))
        .hasSize(threads - 1)
        .allMatch(winner::equals);
  }

  @Test
  void concurrent_batches_sharing_a_key_store_exactly_one_whole_batch() throws Exception {
    int threads = 8;
    List<List<Job>> batches =
        IntStream.range(0, threads)
            .mapToObj(
                i ->
                    List.of(
                        newJob().idempotencyKey("own-a-" + i).build(),
                        newJob().idempotencyKey("shared").build(),
                        newJob().idempotencyKey("own-b-" + i).build()))
            .toList();

    List<Boolean> stored =
        runConcurrently(
            threads,
            i -> {
              try {
                store.insertAll(batches.get(i));
                return true;
              } catch (IdempotencyKeyConflictException e) {
                return false;
              }
            });

    assertThat(stored.stream().filter(b -> b)).hasSize(1);
    List<Job> winner = batches.get(stored.indexOf(true));
    Page<Job> all = store.query(JobQuery.builder().size(100).build());
    assertThat(all.items()).containsExactlyInAnyOrderElementsOf(winner);
  }

  @Test
  void a_key_held_by_a_batch_that_rolls_back_does_not_refuse_another_insert() throws Exception {
    // Batches that take the shared key and then fail on a taken key must leave no trace, even to
    // an insert racing with them: it waits for them or goes first, but is never refused.
    store.insert(newJob().idempotencyKey("taken").build());
    int threads = 8;
    for (int round = 0; round < 25; round++) {
      String shared = "shared-" + round;
      List<List<Job>> batches = new ArrayList<>();
      for (int i = 0; i < threads - 1; i++) {
        batches.add(
            List.of(
                newJob().idempotencyKey(shared).build(), newJob().idempotencyKey("taken").build()));
      }
      Job winner = newJob().idempotencyKey(shared).build();
      batches.add(List.of(winner));

      List<String> conflicts =
          runConcurrently(
              threads,
              i -> {
                try {
                  store.insertAll(batches.get(i));
                  return null;
                } catch (IdempotencyKeyConflictException e) {
                  return e.idempotencyKey();
                }
              });

      assertThat(conflicts.get(threads - 1)).as("round %d: the only real insert", round).isNull();
      assertThat(conflicts.subList(0, threads - 1)).doesNotContainNull();
      assertThat(store.find(winner.id())).contains(winner);
    }
    assertThat(store.query(JobQuery.all()).total()).isEqualTo(26);
  }

  // ---------------------------------------------------------------------------------------------
  // query

  @Test
  void query_lists_only_the_jobs_of_the_account() {
    Job mine = newJob().account("acct-a").build();
    store.insert(mine);
    store.insert(newJob().account("acct-b").build());
    store.insert(newJob().build());

    Page<Job> page = store.query(JobQuery.builder().account("acct-a").build());

    assertThat(page.items()).containsExactly(mine);
    assertThat(page.total()).isEqualTo(1);
  }

  @Test
  void query_filters_one_off_jobs_or_the_jobs_of_one_schedule() {
    UUID scheduleA = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
    UUID scheduleB = UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002");
    Job oneOff = newJob().build();
    Job ofA = newJob().scheduleId(scheduleA).build();
    Job ofB = newJob().scheduleId(scheduleB).build();
    store.insertAll(List.of(oneOff, ofA, ofB));

    assertThat(store.query(JobQuery.builder().oneOffOnly().build()).items())
        .containsExactly(oneOff);
    assertThat(store.query(JobQuery.builder().scheduleId(scheduleA).build()).items())
        .containsExactly(ofA);
    assertThat(store.query(JobQuery.all()).items()).hasSize(3);
  }

  @Test
  void query_filters_by_any_of_the_statuses() {
    Job pending = newJob().build();
    Job running = newJob().build();
    Job completed = newJob().build();
    Job cancelled = newJob().build();
    store.insertAll(List.of(pending, running, completed, cancelled));
    driveTo(running, JobStatus.RUNNING);
    driveTo(completed, JobStatus.COMPLETED);
    driveTo(cancelled, JobStatus.CANCELLED);

    Page<Job> page =
        store.query(JobQuery.builder().statuses(JobStatus.PENDING, JobStatus.COMPLETED).build());

    assertThat(page.items())
        .extracting(Job::id)
        .containsExactlyInAnyOrder(pending.id(), completed.id());
    assertThat(page.total()).isEqualTo(2);
    assertThat(store.query(JobQuery.builder().statuses(JobStatus.RUNNING).build()).items())
        .extracting(Job::id, Job::status)
        .containsExactly(tuple(running.id(), JobStatus.RUNNING));
  }

  @Test
  void query_filters_by_handler() {
    Job email = newJob().handler("send-email").build();
    Job sms = newJob().handler("send-sms").build();
    store.insertAll(List.of(email, sms));

    assertThat(store.query(JobQuery.builder().handler("send-sms").build()).items())
        .containsExactly(sms);
  }

  @Test
  void query_combines_its_filters() {
    UUID schedule = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
    Job match = newJob().account("a").handler("h").scheduleId(schedule).build();
    store.insertAll(
        List.of(
            match,
            newJob().account("b").handler("h").scheduleId(schedule).build(),
            newJob().account("a").handler("other").scheduleId(schedule).build(),
            newJob().account("a").handler("h").build()));

    Page<Job> page =
        store.query(
            JobQuery.builder()
                .account("a")
                .handler("h")
                .scheduleId(schedule)
                .statuses(JobStatus.PENDING)
                .build());

    assertThat(page.items()).containsExactly(match);
    assertThat(page.total()).isEqualTo(1);
  }

  @Test
  void query_lists_newest_first_then_by_id_descending() {
    Instant t = NOW.minusSeconds(3600);
    // Same createdAt: ids decide, compared as unsigned numbers (the text form's order).
    Job highId = newJob().id("f0000000-0000-4000-8000-000000000000").createdAt(t).build();
    Job lowId = newJob().id("10000000-0000-4000-8000-000000000000").createdAt(t).build();
    Job midId = newJob().id("80000000-0000-4000-8000-000000000000").createdAt(t).build();
    Job newest = newJob().createdAt(t.plusNanos(1_000)).build();
    Job oldest = newJob().createdAt(t.minusSeconds(1)).build();
    store.insertAll(List.of(lowId, oldest, highId, newest, midId));

    assertThat(store.query(JobQuery.all()).items())
        .extracting(Job::id)
        .containsExactly(newest.id(), highId.id(), midId.id(), lowId.id(), oldest.id());
  }

  @Test
  void query_pages_with_the_total_and_page_count() {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      jobs.add(newJob().createdAt(NOW.minusSeconds(100 - i)).build());
    }
    store.insertAll(jobs);
    List<UUID> newestFirst = new ArrayList<>(jobs.stream().map(Job::id).toList());
    Collections.reverse(newestFirst);

    Page<Job> first = store.query(JobQuery.builder().size(10).build());
    Page<Job> third = store.query(JobQuery.builder().page(3).size(10).build());
    Page<Job> beyond = store.query(JobQuery.builder().page(4).size(10).build());

    assertThat(first.items())
        .extracting(Job::id)
        .containsExactlyElementsOf(newestFirst.subList(0, 10));
    assertThat(first.page()).isEqualTo(1);
    assertThat(first.size()).isEqualTo(10);
    assertThat(first.total()).isEqualTo(25);
    assertThat(first.pages()).isEqualTo(3);
    assertThat(third.items())
        .extracting(Job::id)
        .containsExactlyElementsOf(newestFirst.subList(20, 25));
    assertThat(third.page()).isEqualTo(3);
    assertThat(third.total()).isEqualTo(25);
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(25);
  }

  @Test
  void query_of_an_empty_store_is_an_empty_page() {
    Page<Job> page = store.query(JobQuery.all());

    assertThat(page.items()).isEmpty();
    assertThat(page.total()).isZero();
    assertThat(page.pages()).isZero();
  }

  // ---------------------------------------------------------------------------------------------
  // findDue

  @Test
  void find_due_lists_only_runnable_jobs_due_by_the_horizon() {
    Instant horizon = NOW.plusSeconds(30);
    Job pending = newJob().runAt(NOW.minusSeconds(5)).build();
    Job atHorizon = newJob().runAt(horizon).build();
    Job beyond = newJob().runAt(horizon.plusNanos(1_000)).build();
    Job retrying = newJob().build();
    Job running = newJob().build();
    Job completed = newJob().build();
    Job cancelled = newJob().build();
    store.insertAll(List.of(pending, atHorizon, beyond, retrying, running, completed, cancelled));
    driveTo(running, JobStatus.RUNNING);
    driveTo(completed, JobStatus.COMPLETED);
    driveTo(cancelled, JobStatus.CANCELLED);
    Attempt failed = claimOne(retrying);
    store.finish(
        ExecutionOutcome.failed(failed.execution().id(), "boom", NOW.plusSeconds(20)), NOW);

    List<DueJob> due = store.findDue(PULL, horizon, 100);

    assertThat(due)
        .containsExactly(
            new DueJob(pending.id(), pending.runAt()),
            new DueJob(retrying.id(), NOW.plusSeconds(20)),
            new DueJob(atHorizon.id(), horizon));
  }

  @Test
  void find_due_from_a_due_time_lists_every_runnable_job_due_from_it_by_the_horizon() {
    Job before = newJob().runAt(NOW.minusSeconds(10)).build();
    Job atFrom = newJob().runAt(NOW).build();
    Job after = newJob().runAt(NOW.plusSeconds(10)).build();
    Job claimed = newJob().runAt(NOW.plusSeconds(5)).build();
    Job beyond = newJob().runAt(NOW.plusSeconds(40)).build();
    store.insertAll(List.of(after, beyond, claimed, atFrom, before));
    claimOne(claimed);

    List<DueJob> due = store.findDue(PULL, NOW, NOW.plusSeconds(30), 10);

    // A store may also list jobs due before `from` (the default reads the whole window), never
    // one that is not runnable or beyond the horizon, earliest first.
    assertThat(due)
        .containsSubsequence(
            new DueJob(atFrom.id(), atFrom.runAt()), new DueJob(after.id(), after.runAt()))
        .extracting(DueJob::id)
        .doesNotContain(claimed.id(), beyond.id());
    assertThat(due).isSortedAccordingTo(java.util.Comparator.comparing(DueJob::runAt));
    assertThat(due.stream().filter(d -> !d.runAt().isBefore(NOW)).map(DueJob::id))
        .containsExactly(atFrom.id(), after.id());
  }

  @Test
  void find_due_takes_pull_jobs_by_handler_and_push_jobs_only_when_asked() {
    Job email = newJob().handler("send-email").build();
    Job sms = newJob().handler("send-sms").build();
    Job push = newJob().handler(null).delivery(Delivery.push("https://example.com/hook")).build();
    Job pushWithHandler =
        newJob().handler("send-email").delivery(Delivery.push("https://example.com/h")).build();
    store.insertAll(List.of(email, sms, push, pushWithHandler));

    assertThat(store.findDue(JobSelector.handlers(Set.of("send-email")), NOW, 10))
        .extracting(DueJob::id)
        .containsExactly(email.id());
    assertThat(store.findDue(new JobSelector(Set.of(), true), NOW, 10))
        .extracting(DueJob::id)
        .containsExactlyInAnyOrder(push.id(), pushWithHandler.id());
    assertThat(store.findDue(new JobSelector(Set.of("send-sms", "send-email"), true), NOW, 10))
        .extracting(DueJob::id)
        .containsExactlyInAnyOrder(email.id(), sms.id(), push.id(), pushWithHandler.id());
    assertThat(store.findDue(new JobSelector(Set.of(), false), NOW, 10)).isEmpty();
  }

  @Test
  void find_due_and_claim_due_of_both_delivery_types_go_earliest_first_across_them() {
    Delivery hook = Delivery.push("https://example.com/hook");
    Job pushFirst = newJob().delivery(hook).runAt(NOW.minusSeconds(40)).build();
    Job pullSecond = newJob().runAt(NOW.minusSeconds(30)).build();
    Job retryThird = newJob().maxRetries(1).runAt(NOW.minusSeconds(25)).build();
    Job pushFourth = newJob().delivery(hook).runAt(NOW.minusSeconds(20)).build();
    Job pullFifth = newJob().runAt(NOW.minusSeconds(10)).build();
    store.insertAll(List.of(pullFifth, pushFourth, retryThird, pullSecond, pushFirst));
    // A retrying job is listed with the pending ones, in due-time order.
    Attempt attempt = claimOne(retryThird);
    store.finish(
        ExecutionOutcome.failed(attempt.execution().id(), "flaky", NOW.minusSeconds(25)), NOW);
    JobSelector both = new JobSelector(Set.of(HANDLER), true);

    assertThat(store.findDue(both, NOW, 4))
        .extracting(DueJob::id)
        .containsExactly(pushFirst.id(), pullSecond.id(), retryThird.id(), pushFourth.id());
    assertThat(store.claimDue(both, 3, NODE, NOW, GRACE))
        .extracting(a -> a.job().id())
        .containsExactly(pushFirst.id(), pullSecond.id(), retryThird.id());
    assertThat(store.findDue(both, NOW, 10))
        .extracting(DueJob::id)
        .containsExactly(pushFourth.id(), pullFifth.id());
  }

  @Test
  void find_due_lists_the_earliest_first_up_to_the_limit() {
    Job third = newJob().runAt(NOW.minusSeconds(10)).build();
    Job first = newJob().runAt(NOW.minusSeconds(30)).build();
    Job fourth = newJob().runAt(NOW.plusSeconds(10)).build();
    Job second = newJob().runAt(NOW.minusSeconds(20)).build();
    store.insertAll(List.of(third, first, fourth, second));

    assertThat(store.findDue(PULL, NOW.plusSeconds(60), 3))
        .containsExactly(
            new DueJob(first.id(), first.runAt()),
            new DueJob(second.id(), second.runAt()),
            new DueJob(third.id(), third.runAt()));
  }

  // ---------------------------------------------------------------------------------------------
  // claim

  @Test
  void claim_takes_only_runnable_jobs_that_are_due() {
    Job due = newJob().runAt(NOW.minusSeconds(1)).build();
    Job exactlyNow = newJob().runAt(NOW).build();
    Job future = newJob().runAt(NOW.plusNanos(1_000)).build();
    Job running = newJob().build();
    Job completed = newJob().build();
    Job cancelled = newJob().build();
    store.insertAll(List.of(due, exactlyNow, future, running, completed, cancelled));
    driveTo(running, JobStatus.RUNNING);
    driveTo(completed, JobStatus.COMPLETED);
    driveTo(cancelled, JobStatus.CANCELLED);
    UUID unknown = UUID.fromString("00000000-0000-4000-8000-ffffffffffff");

    List<Attempt> claimed =
        store.claim(
            List.of(
                due.id(),
                exactlyNow.id(),
                future.id(),
                running.id(),
                completed.id(),
                cancelled.id(),
                unknown),
            NODE,
            NOW,
            GRACE);

    assertThat(claimed)
        .extracting(a -> a.job().id())
        .containsExactlyInAnyOrder(due.id(), exactlyNow.id());
    assertThat(store.find(future.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    assertThat(store.find(completed.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(store.find(cancelled.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(store.executions(running.id())).hasSize(1);
  }

  @Test
  void claim_starts_a_running_execution_with_a_lease() {
    Job job = newJob().runAt(NOW.minusSeconds(60)).timeout(Duration.ofSeconds(45)).build();
    store.insert(job);
    Instant now = NOW.plusNanos(123_456_000);

    List<Attempt> claimed = store.claim(List.of(job.id()), "node-7", now, GRACE);

    assertThat(claimed).hasSize(1);
    Job after = claimed.get(0).job();
    Execution execution = claimed.get(0).execution();
    assertThat(after.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(after.attempts()).isEqualTo(1);
    assertThat(after.updatedAt()).isEqualTo(now);
    assertThat(after.runAt()).isEqualTo(job.runAt());
    assertThat(after.payload()).isEqualTo(job.payload());
    assertThat(execution.jobId()).isEqualTo(job.id());
    assertThat(execution.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(execution.attempt()).isEqualTo(1);
    assertThat(execution.trigger()).isEqualTo(ExecutionTrigger.SUBMIT);
    assertThat(execution.node()).isEqualTo("node-7");
    assertThat(execution.startedAt()).isEqualTo(now);
    assertThat(execution.finishedAt()).isNull();
    assertThat(execution.leaseExpiresAt()).isEqualTo(now.plusSeconds(45).plus(GRACE));
    assertThat(execution.error()).isNull();
    assertThat(execution.result()).isNull();
    assertThat(execution.httpStatus()).isNull();
    assertThat(store.find(job.id())).contains(after);
    assertThat(store.executions(job.id())).containsExactly(execution);
  }

  @Test
  void claim_records_the_schedule_trigger_for_a_schedules_job() {
    Job job = newJob().scheduleId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001")).build();
    store.insert(job);

    Attempt attempt = claimOne(job);

    assertThat(attempt.execution().trigger()).isEqualTo(ExecutionTrigger.SCHEDULE);
  }

  @Test
  void claim_of_a_retry_records_the_next_attempt_with_the_system_retry_trigger() {
    Job job = newJob().scheduleId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001")).build();
    store.insert(job);
    Attempt first = claimOne(job);
    store.finish(ExecutionOutcome.failed(first.execution().id(), "boom", NOW.plusSeconds(5)), NOW);

    List<Attempt> second = store.claim(List.of(job.id()), NODE, NOW.plusSeconds(5), GRACE);

    assertThat(second).hasSize(1);
    assertThat(second.get(0).job().attempts()).isEqualTo(2);
    assertThat(second.get(0).job().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(second.get(0).execution().attempt()).isEqualTo(2);
    assertThat(second.get(0).execution().trigger()).isEqualTo(ExecutionTrigger.SYSTEM_RETRY);
    assertThat(second.get(0).execution().id()).isNotEqualTo(first.execution().id());
  }

  @Test
  void a_retry_cannot_be_claimed_before_its_retry_time() {
    Job job = newJob().build();
    store.insert(job);
    Attempt first = claimOne(job);
    store.finish(ExecutionOutcome.failed(first.execution().id(), "boom", NOW.plusSeconds(5)), NOW);

    assertThat(store.claim(List.of(job.id()), NODE, NOW.plusSeconds(4), GRACE)).isEmpty();
    assertThat(store.claimDue(PULL, 10, NODE, NOW.plusSeconds(4), GRACE)).isEmpty();
  }

  @Test
  void claiming_the_same_job_twice_returns_it_once() {
    Job job = newJob().build();
    store.insert(job);

    List<Attempt> both = store.claim(List.of(job.id(), job.id()), NODE, NOW, GRACE);
    List<Attempt> again = store.claim(List.of(job.id()), NODE, NOW, GRACE);

    assertThat(both).hasSize(1);
    assertThat(again).isEmpty();
    assertThat(store.executions(job.id())).hasSize(1);
    assertThat(store.find(job.id()).orElseThrow().attempts()).isEqualTo(1);
  }

  @Test
  void concurrent_claims_of_the_same_jobs_claim_each_job_once() throws Exception {
    int threads = 8;
    List<Job> jobs = IntStream.range(0, 500).mapToObj(i -> newJob().build()).toList();
    store.insertAll(jobs);
    List<List<UUID>> orders = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < threads; i++) {
      List<UUID> ids = new ArrayList<>(jobs.stream().map(Job::id).toList());
      Collections.shuffle(ids, random);
      orders.add(ids);
    }

    List<List<Attempt>> claims =
        runConcurrently(threads, i -> store.claim(orders.get(i), "node-" + i, NOW, GRACE));

    List<UUID> claimed = claims.stream().flatMap(List::stream).map(a -> a.job().id()).toList();
    assertThat(claimed).hasSize(500).doesNotHaveDuplicates();
    assertThat(store.executions(jobs.get(0).id())).hasSize(1);
    assertThat(store.query(JobQuery.builder().statuses(JobStatus.RUNNING).build()).total())
        .isEqualTo(500);
  }

  // ---------------------------------------------------------------------------------------------
  // claimDue

  @Test
  void claim_due_takes_the_earliest_due_jobs_first_up_to_max() {
    Job third = newJob().runAt(NOW.minusSeconds(10)).build();
    Job first = newJob().runAt(NOW.minusSeconds(30)).build();
    Job future = newJob().runAt(NOW.plusSeconds(10)).build();
    Job second = newJob().runAt(NOW.minusSeconds(20)).build();
    store.insertAll(List.of(third, first, future, second));

    List<Attempt> claimed = store.claimDue(PULL, 2, NODE, NOW, GRACE);
    List<Attempt> rest = store.claimDue(PULL, 10, NODE, NOW, GRACE);

    assertThat(claimed).extracting(a -> a.job().id()).containsExactly(first.id(), second.id());
    assertThat(claimed)
        .allSatisfy(
            a -> {
              assertThat(a.job().status()).isEqualTo(JobStatus.RUNNING);
              assertThat(a.execution().status()).isEqualTo(ExecutionStatus.RUNNING);
              assertThat(a.execution().node()).isEqualTo(NODE);
              assertThat(a.execution().leaseExpiresAt()).isEqualTo(NOW.plusSeconds(30).plus(GRACE));
            });
    assertThat(rest).extracting(a -> a.job().id()).containsExactly(third.id());
    assertThat(store.find(future.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
  }

  @Test
  void claim_due_takes_only_jobs_the_selector_takes() {
    Job email = newJob().handler("send-email").build();
    Job sms = newJob().handler("send-sms").build();
    Job push = newJob().handler(null).delivery(Delivery.push("https://example.com/hook")).build();
    store.insertAll(List.of(email, sms, push));

    assertThat(store.claimDue(new JobSelector(Set.of(), false), 10, NODE, NOW, GRACE)).isEmpty();
    assertThat(store.claimDue(PULL, 10, NODE, NOW, GRACE))
        .extracting(a -> a.job().id())
        .containsExactly(email.id());
    assertThat(store.claimDue(new JobSelector(Set.of(), true), 10, NODE, NOW, GRACE))
        .extracting(a -> a.job().id())
        .containsExactly(push.id());
    assertThat(store.find(sms.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
  }

  @Test
  void concurrent_claim_due_claims_every_job_exactly_once() throws Exception {
    int threads = 4;
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      jobs.add(newJob().runAt(NOW.minusSeconds(1_000 - i)).build());
    }
    store.insertAll(jobs);

    List<List<UUID>> claims =
        runConcurrently(
            threads,
            i -> {
              List<UUID> mine = new ArrayList<>();
              while (true) {
                List<Attempt> batch = store.claimDue(PULL, 7, "node-" + i, NOW, GRACE);
                if (batch.isEmpty()) {
                  return mine;
                }
                batch.forEach(a -> mine.add(a.job().id()));
              }
            });

    List<UUID> claimed = claims.stream().flatMap(List::stream).toList();
    assertThat(claimed).hasSize(1_000).doesNotHaveDuplicates();
    assertThat(new HashSet<>(claimed))
        .isEqualTo(jobs.stream().map(Job::id).collect(Collectors.toSet()));
    assertThat(store.claimDue(PULL, 10, NODE, NOW, GRACE)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // finish

  @Test
  void completing_an_execution_completes_the_job_with_its_result() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);
    JsonNode result = json("{\"sent\":true,\"messageId\":\"m-1\"}");
    Instant now = NOW.plusSeconds(3);

    Attempt done =
        store
            .finish(ExecutionOutcome.completed(running.execution().id(), result), now)
            .orElseThrow();

    assertThat(done.job().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.job().result()).isEqualTo(result);
    assertThat(done.job().updatedAt()).isEqualTo(now);
    assertThat(done.job().attempts()).isEqualTo(1);
    assertThat(done.job().lastError()).isNull();
    assertThat(done.execution().id()).isEqualTo(running.execution().id());
    assertThat(done.execution().status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(done.execution().result()).isEqualTo(result);
    assertThat(done.execution().finishedAt()).isEqualTo(now);
    assertThat(done.execution().startedAt()).isEqualTo(NOW);
    assertThat(done.execution().error()).isNull();
    assertThat(store.find(job.id())).contains(done.job());
    assertThat(store.executions(job.id())).containsExactly(done.execution());
    assertThat(store.findDue(PULL, NOW.plusSeconds(3_600), 10)).isEmpty();
  }

  @Test
  void a_result_is_kept_once_listed_jobs_leave_it_out_and_the_job_and_its_execution_carry_it() {
    Job job = newJob().build();
    Job other = newJob().build();
    store.insertAll(List.of(job, other));
    Attempt first = claimOne(job);
    store.finish(ExecutionOutcome.failed(first.execution().id(), "boom", NOW), NOW);
    Attempt second = claimOne(job);
    JsonNode result = json("{\"rows\":[1,2,3],\"note\":\"done\"}");
    store.finish(ExecutionOutcome.completed(second.execution().id(), result), NOW).orElseThrow();

    assertThat(store.find(job.id()).orElseThrow().result()).isEqualTo(result);
    assertThat(store.executions(job.id()))
        .extracting(Execution::status, Execution::result)
        .containsExactly(
            tuple(ExecutionStatus.FAILED, null), tuple(ExecutionStatus.COMPLETED, result));
    Page<Job> page = store.query(JobQuery.all());
    assertThat(page.items()).extracting(Job::id).containsExactlyInAnyOrder(job.id(), other.id());
    assertThat(page.items()).allSatisfy(listed -> assertThat(listed.result()).isNull());
    Job listed = page.items().stream().filter(j -> j.id().equals(job.id())).findFirst().get();
    assertThat(listed.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(listed.lastError()).isEqualTo("boom");
  }

  @Test
  void completing_a_retried_job_keeps_the_error_of_its_failed_attempt() {
    Job job = newJob().build();
    store.insert(job);
    Attempt first = claimOne(job);
    store.finish(ExecutionOutcome.failed(first.execution().id(), "boom", NOW), NOW);
    Attempt second = claimOne(job);

    Attempt done =
        store.finish(ExecutionOutcome.completed(second.execution().id(), null), NOW).orElseThrow();

    assertThat(done.job().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.job().result()).isNull();
    assertThat(done.job().lastError()).isEqualTo("boom");
    assertThat(done.execution().result()).isNull();
  }

  @Test
  void a_second_finish_of_the_same_execution_changes_nothing() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);
    UUID executionId = running.execution().id();
    Attempt done =
        store.finish(ExecutionOutcome.completed(executionId, json("{\"n\":1}")), NOW).orElseThrow();

    assertThat(store.finish(ExecutionOutcome.completed(executionId, json("{\"n\":2}")), NOW))
        .isEmpty();
    assertThat(store.finish(ExecutionOutcome.failed(executionId, "late", NOW), NOW)).isEmpty();
    assertThat(store.finish(ExecutionOutcome.timedOut(executionId, "late", NOW), NOW)).isEmpty();
    assertThat(store.finish(ExecutionOutcome.released(executionId, "late", NOW), NOW)).isEmpty();

    assertThat(store.find(job.id())).contains(done.job());
    assertThat(store.executions(job.id())).containsExactly(done.execution());
  }

  @Test
  void finish_of_an_unknown_execution_is_empty() {
    store.insert(newJob().build());

    assertThat(
            store.finish(
                ExecutionOutcome.completed(
                    UUID.fromString("00000000-0000-4000-8000-ffffffffffff"), null),
                NOW))
        .isEmpty();
  }

  @Test
  void finish_all_applies_each_outcome_and_answers_in_their_order() {
    Job completes = newJob().build();
    Job retries = newJob().maxRetries(2).build();
    Job fails = newJob().maxRetries(0).build();
    Job released = newJob().build();
    store.insertAll(List.of(completes, retries, fails, released));
    Attempt a = claimOne(completes);
    Attempt b = claimOne(retries);
    Attempt c = claimOne(fails);
    Attempt d = claimOne(released);
    Instant retryAt = NOW.plusSeconds(5);
    Instant now = NOW.plusSeconds(1);

    List<Optional<Attempt>> after =
        store.finishAll(
            List.of(
                ExecutionOutcome.failed(b.execution().id(), "flaky", retryAt),
                ExecutionOutcome.completed(a.execution().id(), json("{\"ok\":true}")),
                ExecutionOutcome.released(d.execution().id(), "node stopped", NOW),
                ExecutionOutcome.failed(c.execution().id(), "bad input", retryAt)),
            now);

    assertThat(after).allSatisfy(result -> assertThat(result).isPresent());
    assertThat(after.get(0).orElseThrow().job().id()).isEqualTo(retries.id());
    assertThat(after.get(0).orElseThrow().job().status()).isEqualTo(JobStatus.RETRYING);
    assertThat(after.get(0).orElseThrow().job().runAt()).isEqualTo(retryAt);
    assertThat(after.get(1).orElseThrow().job().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(after.get(1).orElseThrow().job().result()).isEqualTo(json("{\"ok\":true}"));
    assertThat(after.get(2).orElseThrow().job().status()).isEqualTo(JobStatus.RETRYING);
    assertThat(after.get(2).orElseThrow().job().runAt()).isEqualTo(NOW);
    assertThat(after.get(3).orElseThrow().job().status()).isEqualTo(JobStatus.FAILED);
    for (Optional<Attempt> result : after) {
      Attempt done = result.orElseThrow();
      assertThat(done.job().updatedAt()).isEqualTo(now);
      assertThat(done.execution().finishedAt()).isEqualTo(now);
      assertThat(store.find(done.job().id())).contains(done.job());
      assertThat(store.executions(done.job().id())).containsExactly(done.execution());
    }
  }

  @Test
  void finish_all_fences_each_outcome_on_its_own() {
    Job finished = newJob().build();
    Job expired = newJob().timeout(Duration.ofSeconds(5)).build();
    Job running = newJob().build();
    store.insertAll(List.of(finished, expired, running));
    Attempt a = claimOne(finished);
    Attempt b = claimOne(expired);
    Attempt c = claimOne(running);
    store.finish(ExecutionOutcome.completed(a.execution().id(), null), NOW);
    Instant afterLease = b.execution().leaseExpiresAt().plusSeconds(1);

    List<Optional<Attempt>> after =
        store.finishAll(
            List.of(
                ExecutionOutcome.failed(a.execution().id(), "second outcome", NOW),
                ExecutionOutcome.completed(b.execution().id(), null),
                ExecutionOutcome.completed(c.execution().id(), null),
                ExecutionOutcome.completed(
                    UUID.fromString("00000000-0000-4000-8000-ffffffffffff"), null)),
            afterLease);

    assertThat(after.get(0)).isEmpty();
    assertThat(after.get(1)).isEmpty();
    assertThat(after.get(2).orElseThrow().job().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(after.get(3)).isEmpty();
    assertThat(store.find(finished.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(store.find(expired.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.executions(expired.id()).get(0).status()).isEqualTo(ExecutionStatus.RUNNING);
  }

  @Test
  void finish_all_of_no_outcomes_is_empty() {
    assertThat(store.finishAll(List.of(), NOW)).isEmpty();
  }

  @Test
  void a_failure_with_retries_left_schedules_a_retry() {
    Job job = newJob().maxRetries(3).build();
    store.insert(job);
    Attempt running = claimOne(job);
    Instant retryAt = NOW.plusSeconds(2);
    Instant now = NOW.plusSeconds(1);

    Attempt failed =
        store
            .finish(
                ExecutionOutcome.failed(running.execution().id(), "connection refused", retryAt),
                now)
            .orElseThrow();

    assertThat(failed.job().status()).isEqualTo(JobStatus.RETRYING);
    assertThat(failed.job().runAt()).isEqualTo(retryAt);
    assertThat(failed.job().scheduledFor()).isEqualTo(job.scheduledFor());
    assertThat(failed.job().lastError()).isEqualTo("connection refused");
    assertThat(failed.job().updatedAt()).isEqualTo(now);
    assertThat(failed.job().attempts()).isEqualTo(1);
    assertThat(failed.execution().status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(failed.execution().error()).isEqualTo("connection refused");
    assertThat(failed.execution().finishedAt()).isEqualTo(now);
    assertThat(store.find(job.id())).contains(failed.job());
    assertThat(store.findDue(PULL, retryAt, 10)).containsExactly(new DueJob(job.id(), retryAt));
  }

  @Test
  void a_job_fails_for_good_after_max_retries_plus_one_attempts() {
    Job job = newJob().maxRetries(2).build();
    store.insert(job);

    Attempt last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      Attempt running = claimOne(job);
      assertThat(running.execution().attempt()).isEqualTo(attempt);
      last =
          store
              .finish(
                  ExecutionOutcome.failed(running.execution().id(), "boom " + attempt, NOW), NOW)
              .orElseThrow();
      if (attempt < 3) {
        assertThat(last.job().status()).isEqualTo(JobStatus.RETRYING);
      }
    }

    assertThat(last.job().status()).isEqualTo(JobStatus.FAILED);
    assertThat(last.job().attempts()).isEqualTo(3);
    assertThat(last.job().lastError()).isEqualTo("boom 3");
    assertThat(last.execution().status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(store.claim(List.of(job.id()), NODE, NOW, GRACE)).isEmpty();
    assertThat(store.executions(job.id())).hasSize(3);
  }

  @Test
  void a_failure_without_a_retry_time_fails_the_job_at_once() {
    Job job = newJob().maxRetries(3).runAt(NOW.minusSeconds(7)).build();
    store.insert(job);
    Attempt running = claimOne(job);

    Attempt failed =
        store
            .finish(ExecutionOutcome.failed(running.execution().id(), "HTTP 404", null), NOW)
            .orElseThrow();

    assertThat(failed.job().status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.job().runAt()).isEqualTo(job.runAt());
    assertThat(failed.job().lastError()).isEqualTo("HTTP 404");
    assertThat(failed.execution().status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(store.findDue(PULL, NOW.plusSeconds(3_600), 10)).isEmpty();
  }

  @Test
  void a_timeout_is_recorded_and_retried_like_a_failure() {
    Job job = newJob().maxRetries(1).build();
    store.insert(job);
    Attempt first = claimOne(job);

    Attempt timedOut =
        store
            .finish(
                ExecutionOutcome.timedOut(
                    first.execution().id(), "timed out after 30s", NOW.plusSeconds(1)),
                NOW)
            .orElseThrow();

    assertThat(timedOut.execution().status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(timedOut.execution().error()).isEqualTo("timed out after 30s");
    assertThat(timedOut.job().status()).isEqualTo(JobStatus.RETRYING);
    assertThat(timedOut.job().runAt()).isEqualTo(NOW.plusSeconds(1));
    assertThat(timedOut.job().lastError()).isEqualTo("timed out after 30s");

    Attempt second = store.claim(List.of(job.id()), NODE, NOW.plusSeconds(1), GRACE).get(0);
    Attempt last =
        store
            .finish(
                ExecutionOutcome.timedOut(second.execution().id(), "timed out", NOW.plusSeconds(2)),
                NOW.plusSeconds(1))
            .orElseThrow();

    assertThat(last.execution().status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(last.job().status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void a_released_execution_makes_the_job_runnable_without_using_a_retry() {
    Job job = newJob().maxRetries(0).build();
    store.insert(job);
    Attempt running = claimOne(job);
    Instant now = NOW.plusSeconds(2);

    Attempt released =
        store
            .finish(ExecutionOutcome.released(running.execution().id(), "shutdown", now), now)
            .orElseThrow();

    assertThat(released.execution().status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(released.execution().error()).isEqualTo("shutdown");
    assertThat(released.execution().finishedAt()).isEqualTo(now);
    assertThat(released.job().status()).isEqualTo(JobStatus.RETRYING);
    assertThat(released.job().runAt()).isEqualTo(now);
    assertThat(released.job().updatedAt()).isEqualTo(now);
    assertThat(released.job().lastError()).isEqualTo("shutdown");
    assertThat(store.findDue(PULL, now, 10)).containsExactly(new DueJob(job.id(), now));
    assertThat(store.claim(List.of(job.id()), "node-2", now, GRACE)).hasSize(1);
  }

  @Test
  void a_job_without_retries_released_twice_still_runs_and_fails_once_more() {
    Job job = newJob().maxRetries(0).build();
    store.insert(job);
    for (int i = 0; i < 2; i++) {
      Attempt running = claimOne(job);
      store.finish(ExecutionOutcome.released(running.execution().id(), "shutdown", NOW), NOW);
    }
    Attempt third = claimOne(job);
    assertThat(third.execution().attempt()).isEqualTo(3);
    assertThat(third.execution().trigger()).isEqualTo(ExecutionTrigger.SYSTEM_RETRY);

    Attempt failed =
        store
            .finish(
                ExecutionOutcome.failed(third.execution().id(), "boom", NOW.plusSeconds(1)), NOW)
            .orElseThrow();

    assertThat(failed.job().status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.job().attempts()).isEqualTo(3);
    assertThat(store.executions(job.id()))
        .extracting(Execution::status)
        .containsExactly(ExecutionStatus.FAILED, ExecutionStatus.FAILED, ExecutionStatus.FAILED);
  }

  @Test
  void a_job_with_one_retry_released_once_still_gets_two_counted_attempts() {
    Job job = newJob().maxRetries(1).build();
    store.insert(job);
    Attempt released = claimOne(job);
    store.finish(ExecutionOutcome.released(released.execution().id(), "shutdown", NOW), NOW);
    Attempt second = claimOne(job);

    Attempt afterSecond =
        store
            .finish(ExecutionOutcome.failed(second.execution().id(), "boom", NOW), NOW)
            .orElseThrow();
    Attempt third = claimOne(job);
    Attempt afterThird =
        store
            .finish(ExecutionOutcome.failed(third.execution().id(), "boom", NOW), NOW)
            .orElseThrow();

    assertThat(afterSecond.job().status()).isEqualTo(JobStatus.RETRYING);
    assertThat(afterThird.job().status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void completion_or_failure_after_the_lease_ended_changes_nothing() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);
    UUID executionId = running.execution().id();
    Instant afterLease = running.execution().leaseExpiresAt().plusNanos(1_000);

    assertThat(store.finish(ExecutionOutcome.completed(executionId, null), afterLease)).isEmpty();
    assertThat(store.finish(ExecutionOutcome.failed(executionId, "boom", afterLease), afterLease))
        .isEmpty();
    assertThat(store.finish(ExecutionOutcome.failed(executionId, "boom", null), afterLease))
        .isEmpty();

    assertThat(store.find(job.id())).contains(running.job());
    assertThat(store.executions(job.id())).containsExactly(running.execution());
  }

  @Test
  void a_timeout_after_the_lease_ended_is_accepted() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);
    Instant afterLease = running.execution().leaseExpiresAt().plusSeconds(5);

    Optional<Attempt> timedOut =
        store.finish(
            ExecutionOutcome.timedOut(running.execution().id(), "lease expired", afterLease),
            afterLease);

    assertThat(timedOut).isPresent();
    assertThat(timedOut.get().execution().status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(timedOut.get().execution().finishedAt()).isEqualTo(afterLease);
    assertThat(timedOut.get().job().status()).isEqualTo(JobStatus.RETRYING);
    assertThat(store.findExpiredLeases(afterLease, 10)).isEmpty();
  }

  @Test
  void a_release_after_the_lease_ended_is_accepted() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);
    Instant afterLease = running.execution().leaseExpiresAt().plusSeconds(5);

    Optional<Attempt> released =
        store.finish(
            ExecutionOutcome.released(running.execution().id(), "shutdown", afterLease),
            afterLease);

    assertThat(released).isPresent();
    assertThat(released.get().job().status()).isEqualTo(JobStatus.RETRYING);
  }

  @Test
  void finish_at_exactly_the_end_of_the_lease_is_accepted() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);
    Instant leaseEnd = running.execution().leaseExpiresAt();

    assertThat(store.finish(ExecutionOutcome.completed(running.execution().id(), null), leaseEnd))
        .hasValueSatisfying(a -> assertThat(a.job().status()).isEqualTo(JobStatus.COMPLETED));
  }

  @Test
  void finish_records_the_http_status() {
    Job completedJob =
        newJob().handler(null).delivery(Delivery.push("https://example.com/a")).build();
    Job failedJob = newJob().handler(null).delivery(Delivery.push("https://example.com/b")).build();
    store.insertAll(List.of(completedJob, failedJob));
    Attempt a = claimOne(completedJob);
    Attempt b = claimOne(failedJob);

    Attempt completed =
        store
            .finish(ExecutionOutcome.completed(a.execution().id(), null).withHttpStatus(204), NOW)
            .orElseThrow();
    Attempt failed =
        store
            .finish(
                ExecutionOutcome.failed(b.execution().id(), "HTTP 503", NOW.plusSeconds(1))
                    .withHttpStatus(503),
                NOW)
            .orElseThrow();

    assertThat(completed.execution().httpStatus()).isEqualTo(204);
    assertThat(failed.execution().httpStatus()).isEqualTo(503);
    assertThat(store.executions(completedJob.id()).get(0).httpStatus()).isEqualTo(204);
    assertThat(store.executions(failedJob.id()).get(0).httpStatus()).isEqualTo(503);
  }

  // ---------------------------------------------------------------------------------------------
  // extend

  @Test
  void extend_moves_the_end_of_the_lease() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);
    Instant newEnd = running.execution().leaseExpiresAt().plusSeconds(120);
    Instant now = NOW.plusSeconds(20);

    Execution extended = store.extend(running.execution().id(), newEnd, now).orElseThrow();

    assertThat(extended.leaseExpiresAt()).isEqualTo(newEnd);
    assertThat(extended.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(extended.id()).isEqualTo(running.execution().id());
    assertThat(extended.startedAt()).isEqualTo(running.execution().startedAt());
    assertThat(store.executions(job.id())).containsExactly(extended);
    Instant afterOldEnd = running.execution().leaseExpiresAt().plusSeconds(1);
    assertThat(store.findExpiredLeases(afterOldEnd, 10)).isEmpty();
    assertThat(store.finish(ExecutionOutcome.completed(extended.id(), null), afterOldEnd))
        .isPresent();
  }

  @Test
  void extend_of_a_finished_execution_is_empty() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);
    store.finish(ExecutionOutcome.completed(running.execution().id(), null), NOW);

    assertThat(store.extend(running.execution().id(), NOW.plusSeconds(600), NOW)).isEmpty();
    assertThat(store.executions(job.id()).get(0).leaseExpiresAt())
        .isEqualTo(running.execution().leaseExpiresAt());
  }

  @Test
  void extend_after_the_lease_ended_is_empty() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);
    Instant afterLease = running.execution().leaseExpiresAt().plusNanos(1_000);

    assertThat(store.extend(running.execution().id(), afterLease.plusSeconds(600), afterLease))
        .isEmpty();
    assertThat(store.executions(job.id())).containsExactly(running.execution());
  }

  @Test
  void extend_of_an_unknown_execution_is_empty() {
    assertThat(
            store.extend(
                UUID.fromString("00000000-0000-4000-8000-ffffffffffff"), NOW.plusSeconds(60), NOW))
        .isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // findExpiredLeases

  @Test
  void expired_leases_are_running_executions_whose_lease_ended_earliest_first() {
    Job late = newJob().timeout(Duration.ofSeconds(60)).build();
    Job early = newJob().timeout(Duration.ofSeconds(10)).build();
    Job middle = newJob().timeout(Duration.ofSeconds(30)).build();
    Job exactlyNow = newJob().timeout(Duration.ofSeconds(90)).build();
    Job notYet = newJob().timeout(Duration.ofSeconds(600)).build();
    Job finished = newJob().timeout(Duration.ofSeconds(5)).build();
    store.insertAll(List.of(late, early, middle, exactlyNow, notYet, finished));
    Map<UUID, Attempt> attempts =
        store
            .claim(
                List.of(
                    late.id(),
                    early.id(),
                    middle.id(),
                    exactlyNow.id(),
                    notYet.id(),
                    finished.id()),
                NODE,
                NOW,
                GRACE)
            .stream()
            .collect(Collectors.toMap(a -> a.job().id(), Function.identity()));
    store.finish(
        ExecutionOutcome.completed(attempts.get(finished.id()).execution().id(), null), NOW);
    Instant now = NOW.plusSeconds(90).plus(GRACE);

    List<ExpiredLease> expired = store.findExpiredLeases(now, 2);
    List<ExpiredLease> all = store.findExpiredLeases(now, 100);

    assertThat(expired)
        .containsExactly(
            expiredLease(attempts.get(early.id())), expiredLease(attempts.get(middle.id())));
    assertThat(all)
        .containsExactly(
            expiredLease(attempts.get(early.id())),
            expiredLease(attempts.get(middle.id())),
            expiredLease(attempts.get(late.id())));
  }

  @Test
  void expired_leases_carry_the_attempt_number() {
    Job job = newJob().build();
    store.insert(job);
    Attempt first = claimOne(job);
    store.finish(ExecutionOutcome.failed(first.execution().id(), "boom", NOW), NOW);
    Attempt second = claimOne(job);
    Instant afterLease = second.execution().leaseExpiresAt().plusSeconds(1);

    assertThat(store.findExpiredLeases(afterLease, 10))
        .containsExactly(
            new ExpiredLease(
                second.execution().id(), job.id(), 2, second.execution().leaseExpiresAt()));
  }

  // findRunning

  @Test
  void running_executions_of_a_node_are_listed_whatever_their_lease_earliest_started_first() {
    Job first = newJob().build();
    Job second = newJob().build();
    Job finished = newJob().build();
    Job elsewhere = newJob().build();
    store.insertAll(List.of(first, second, finished, elsewhere));
    Attempt a = store.claim(List.of(first.id()), NODE, NOW, GRACE).get(0);
    Attempt b = store.claim(List.of(second.id()), NODE, NOW.plusSeconds(1), GRACE).get(0);
    Attempt done = store.claim(List.of(finished.id()), NODE, NOW, GRACE).get(0);
    store.finish(ExecutionOutcome.completed(done.execution().id(), null), NOW.plusSeconds(2));
    store.claim(List.of(elsewhere.id()), "another-node", NOW, GRACE);
    Instant longAfterEveryLease = NOW.plus(Duration.ofDays(1));

    assertThat(store.findRunning(NODE, 10))
        .extracting(Execution::id)
        .containsExactly(a.execution().id(), b.execution().id());
    assertThat(store.findRunning(NODE, 1))
        .extracting(Execution::id)
        .containsExactly(a.execution().id());
    assertThat(store.findRunning("nobody", 10)).isEmpty();
    assertThat(store.findExpiredLeases(longAfterEveryLease, 10)).hasSize(3);
    assertThat(store.findRunning(NODE, 10).get(0))
        .satisfies(
            e -> {
              assertThat(e.jobId()).isEqualTo(first.id());
              assertThat(e.node()).isEqualTo(NODE);
              assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
            });
  }

  // ---------------------------------------------------------------------------------------------
  // cancel

  @Test
  void cancel_cancels_a_pending_job_and_keeps_its_run_at() {
    Job job = newJob().runAt(NOW.plusSeconds(3_600)).build();
    store.insert(job);
    Instant now = NOW.plusSeconds(5);

    Job cancelled = store.cancel(job.id(), now);

    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.runAt()).isEqualTo(job.runAt());
    assertThat(cancelled.updatedAt()).isEqualTo(now);
    assertThat(cancelled.attempts()).isZero();
    assertThat(cancelled.payload()).isEqualTo(job.payload());
    assertThat(store.find(job.id())).contains(cancelled);
    assertThat(store.findDue(PULL, NOW.plusSeconds(7_200), 10)).isEmpty();
    assertThat(store.claim(List.of(job.id()), NODE, NOW.plusSeconds(7_200), GRACE)).isEmpty();
    assertThat(store.claimDue(PULL, 10, NODE, NOW.plusSeconds(7_200), GRACE)).isEmpty();
  }

  @Test
  void cancel_cancels_a_retrying_job() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);
    store.finish(
        ExecutionOutcome.failed(running.execution().id(), "boom", NOW.plusSeconds(60)), NOW);

    Job cancelled = store.cancel(job.id(), NOW.plusSeconds(1));

    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.runAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(cancelled.lastError()).isEqualTo("boom");
    assertThat(store.claimDue(PULL, 10, NODE, NOW.plusSeconds(60), GRACE)).isEmpty();
  }

  @Test
  void cancel_of_a_running_job_conflicts_and_changes_nothing() {
    Job job = newJob().build();
    store.insert(job);
    Attempt running = claimOne(job);

    assertThatThrownBy(() -> store.cancel(job.id(), NOW))
        .isInstanceOfSatisfying(
            JobStateConflictException.class,
            e -> {
              assertThat(e.jobId()).isEqualTo(job.id());
              assertThat(e.status()).isEqualTo(JobStatus.RUNNING);
            });
    assertThat(store.find(job.id())).contains(running.job());
  }

  @ParameterizedTest
  @EnumSource(
      value = JobStatus.class,
      names = {"COMPLETED", "FAILED", "CANCELLED"})
  void cancel_of_a_finished_job_conflicts_with_its_status(JobStatus end) {
    Job job = newJob().build();
    store.insert(job);
    Job finished = driveTo(job, end);

    assertThatThrownBy(() -> store.cancel(job.id(), NOW.plusSeconds(60)))
        .isInstanceOfSatisfying(
            JobStateConflictException.class, e -> assertThat(e.status()).isEqualTo(end));
    assertThat(store.find(job.id())).contains(finished);
  }

  @Test
  void cancel_of_an_unknown_job_is_not_found() {
    UUID unknown = UUID.fromString("00000000-0000-4000-8000-ffffffffffff");

    assertThatThrownBy(() -> store.cancel(unknown, NOW))
        .isInstanceOfSatisfying(
            JobNotFoundException.class, e -> assertThat(e.jobId()).isEqualTo(unknown));
  }

  // ---------------------------------------------------------------------------------------------
  // terminal states

  @ParameterizedTest
  @EnumSource(
      value = JobStatus.class,
      names = {"COMPLETED", "FAILED", "CANCELLED"})
  void a_finished_job_never_changes_again(JobStatus end) {
    Job job = newJob().build();
    store.insert(job);
    Job finished = driveTo(job, end);
    List<Execution> executions = store.executions(job.id());
    Instant later = NOW.plusSeconds(3_600);

    assertThat(store.claim(List.of(job.id()), NODE, later, GRACE)).isEmpty();
    assertThat(store.claimDue(PULL, 10, NODE, later, GRACE)).isEmpty();
    assertThat(store.findDue(PULL, later, 10)).isEmpty();
    for (Execution e : executions) {
      assertThat(store.finish(ExecutionOutcome.completed(e.id(), null), NOW)).isEmpty();
      assertThat(store.finish(ExecutionOutcome.timedOut(e.id(), "late", later), later)).isEmpty();
      assertThat(store.finish(ExecutionOutcome.released(e.id(), "late", later), later)).isEmpty();
      assertThat(store.extend(e.id(), later, NOW)).isEmpty();
    }
    assertThatThrownBy(() -> store.cancel(job.id(), later))
        .isInstanceOf(JobStateConflictException.class);

    assertThat(store.find(job.id())).contains(finished);
    assertThat(store.executions(job.id())).isEqualTo(executions);
  }

  // ---------------------------------------------------------------------------------------------
  // executions

  @Test
  void executions_lists_the_attempts_first_attempt_first() {
    Job job = newJob().build();
    store.insert(job);
    Attempt first = claimOne(job);
    store.finish(ExecutionOutcome.failed(first.execution().id(), "boom", NOW), NOW);
    Attempt second = claimOne(job);
    store.finish(ExecutionOutcome.timedOut(second.execution().id(), "slow", NOW), NOW);
    Attempt third = claimOne(job);
    store.finish(ExecutionOutcome.completed(third.execution().id(), json("{\"ok\":true}")), NOW);

    List<Execution> executions = store.executions(job.id());

    assertThat(executions)
        .extracting(Execution::id, Execution::attempt, Execution::status, Execution::trigger)
        .containsExactly(
            tuple(first.execution().id(), 1, ExecutionStatus.FAILED, ExecutionTrigger.SUBMIT),
            tuple(
                second.execution().id(),
                2,
                ExecutionStatus.TIMED_OUT,
                ExecutionTrigger.SYSTEM_RETRY),
            tuple(
                third.execution().id(),
                3,
                ExecutionStatus.COMPLETED,
                ExecutionTrigger.SYSTEM_RETRY));
    assertThat(executions.get(0).error()).isEqualTo("boom");
    assertThat(executions.get(1).error()).isEqualTo("slow");
    assertThat(executions.get(2).result()).isEqualTo(json("{\"ok\":true}"));
    assertThat(executions).allSatisfy(e -> assertThat(e.jobId()).isEqualTo(job.id()));
  }

  @Test
  void executions_of_an_unknown_or_unclaimed_job_are_empty() {
    Job job = newJob().build();
    store.insert(job);

    assertThat(store.executions(job.id())).isEmpty();
    assertThat(store.executions(UUID.fromString("00000000-0000-4000-8000-ffffffffffff"))).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // schedules

  /** An active hourly schedule, version 0, next fire at {@code next}. */
  protected static Schedule newSchedule(UUID id, String account, Instant next) {
    return new Schedule(
        id,
        account,
        "Hourly report",
        "every hour",
        HANDLER,
        ScheduleStatus.ACTIVE,
        null,
        Interval.of(1, DelayUnit.HOUR),
        ZoneId.of("Europe/London"),
        next,
        10,
        0,
        NOW.plus(Duration.ofDays(30)),
        Delivery.push("https://example.com/hook", "POST", Map.of("X-Team", "ops")),
        json("{\"kind\":\"hourly\"}"),
        Duration.ofSeconds(45),
        2,
        MisfirePolicy.FIRE_ALL,
        OverlapPolicy.SKIP,
        NOW.minusSeconds(60),
        NOW.minusSeconds(60),
        0);
  }

  private static Schedule bump(Schedule s, Instant next, int runCount) {
    return new Schedule(
        s.id(),
        s.account(),
        s.name(),
        s.description(),
        s.handler(),
        s.status(),
        s.cron(),
        s.interval(),
        s.timezone(),
        next,
        s.runs(),
        runCount,
        s.stopAt(),
        s.delivery(),
        s.payload(),
        s.timeout(),
        s.maxRetries(),
        s.misfirePolicy(),
        s.overlapPolicy(),
        s.createdAt(),
        NOW,
        s.version() + 1);
  }

  private Job spawned(Schedule s, Instant fireTime) {
    return newJob()
        .account(s.account())
        .scheduleId(s.id())
        .idempotencyKey(s.id() + "." + fireTime.toEpochMilli())
        .runAt(fireTime)
        .build();
  }

  @Test
  void a_schedule_is_stored_with_every_field() {
    Schedule s = newSchedule(UUID.randomUUID(), "acct-1", NOW);
    store.insertSchedule(s);

    assertThat(store.findSchedule(s.id())).contains(s);
    assertThat(store.findSchedule(UUID.randomUUID())).isEmpty();
  }

  @Test
  void schedules_are_listed_by_account_and_status_newest_first() {
    Schedule a =
        newSchedule(UUID.fromString("00000000-0000-4000-8000-0000000000a1"), "acct-1", NOW);
    Schedule b =
        newSchedule(UUID.fromString("00000000-0000-4000-8000-0000000000a2"), "acct-1", NOW);
    Schedule other = newSchedule(UUID.randomUUID(), "acct-2", NOW);
    store.insertSchedule(a);
    store.insertSchedule(b);
    store.insertSchedule(other);

    Page<Schedule> page = store.querySchedules(ScheduleQuery.builder().account("acct-1").build());
    assertThat(page.items()).extracting(Schedule::id).containsExactly(b.id(), a.id());
    assertThat(page.total()).isEqualTo(2);
    assertThat(
            store
                .querySchedules(
                    ScheduleQuery.builder()
                        .account("acct-1")
                        .statuses(ScheduleStatus.ARCHIVED)
                        .build())
                .total())
        .isZero();
  }

  @Test
  void replacing_a_schedule_needs_the_version_that_was_read() {
    Schedule s = newSchedule(UUID.randomUUID(), "default", NOW);
    store.insertSchedule(s);
    Schedule first = bump(s, NOW.plusSeconds(3600), 0);

    assertThat(store.replaceSchedule(first, 0)).isTrue();
    assertThat(store.replaceSchedule(bump(s, NOW.plusSeconds(7200), 0), 0)).isFalse();
    assertThat(store.findSchedule(s.id())).contains(first);
  }

  @Test
  void a_fire_applies_once_and_spawns_its_jobs() {
    Schedule s = newSchedule(UUID.randomUUID(), "default", NOW);
    store.insertSchedule(s);
    ScheduleFire fire =
        new ScheduleFire(bump(s, NOW.plusSeconds(3600), 1), 0, List.of(spawned(s, NOW)));
    ScheduleFire racer =
        new ScheduleFire(bump(s, NOW.plusSeconds(3600), 1), 0, List.of(spawned(s, NOW)));

    assertThat(store.fire(fire)).isTrue();
    assertThat(store.fire(racer)).isFalse();

    assertThat(store.findSchedule(s.id()).orElseThrow().runCount()).isEqualTo(1);
    assertThat(store.query(JobQuery.builder().scheduleId(s.id()).build()).items())
        .extracting(Job::id)
        .containsExactly(fire.jobs().get(0).id());
  }

  @Test
  void a_fire_whose_job_key_is_taken_changes_nothing() {
    Schedule s = newSchedule(UUID.randomUUID(), "default", NOW);
    store.insertSchedule(s);
    store.insert(spawned(s, NOW));

    boolean applied =
        store.fire(
            new ScheduleFire(bump(s, NOW.plusSeconds(3600), 1), 0, List.of(spawned(s, NOW))));

    assertThat(applied).isFalse();
    assertThat(store.findSchedule(s.id())).contains(s);
    assertThat(store.query(JobQuery.builder().scheduleId(s.id()).build()).total()).isEqualTo(1);
  }

  @Test
  void due_schedules_are_active_ones_by_their_next_fire() {
    Schedule later = newSchedule(UUID.randomUUID(), "default", NOW.plusSeconds(60));
    Schedule first = newSchedule(UUID.randomUUID(), "default", NOW);
    Schedule beyond = newSchedule(UUID.randomUUID(), "default", NOW.plusSeconds(3600));
    store.insertSchedule(later);
    store.insertSchedule(first);
    store.insertSchedule(beyond);

    assertThat(store.findDueSchedules(NOW.plusSeconds(60), 10))
        .extracting(DueJob::id)
        .containsExactly(first.id(), later.id());
  }

  @Test
  void a_schedules_unfinished_jobs_are_found_and_its_runnable_ones_cancelled() {
    Schedule s = newSchedule(UUID.randomUUID(), "default", NOW);
    store.insertSchedule(s);
    assertThat(store.hasUnfinishedJob(s.id())).isFalse();
    Job pending = spawned(s, NOW);
    Job running = spawned(s, NOW.minusSeconds(3600));
    store.insert(pending);
    store.insert(running);
    store.claim(List.of(running.id()), NODE, NOW, GRACE);

    assertThat(store.hasUnfinishedJob(s.id())).isTrue();
    List<Job> cancelled = store.cancelScheduleJobs(s.id(), NOW);

    assertThat(cancelled).extracting(Job::id).containsExactly(pending.id());
    assertThat(store.find(pending.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(store.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /**
   * Starts a new job: {@code PENDING}, no attempts, handler {@code send-email}, due at {@link
   * #NOW}, created a minute before, 30 s timeout, 3 retries, pull delivery, a small payload, and a
   * fresh id (ids grow with each call).
   *
   * @return a builder
   */
  protected final JobSpec newJob() {
    nextId++;
    return new JobSpec(UUID.fromString(String.format("00000000-0000-4000-8000-%012x", nextId)));
  }

  /** Collects the fields of a new job for a test. Not thread-safe. */
  protected static final class JobSpec {
    private UUID id;
    private String account = "default";
    private String name = "Send follow-up";
    private String handler = HANDLER;
    private JsonNode payload = json("{\"userId\":\"usr_123\"}");
    private Instant runAt = NOW;
    private Instant createdAt = NOW.minusSeconds(60);
    private int maxRetries = 3;
    private Duration timeout = Duration.ofSeconds(30);
    private Delivery delivery = Delivery.pull();
    private String idempotencyKey;
    private UUID scheduleId;

    private JobSpec(UUID id) {
      this.id = id;
    }

    /**
     * Sets the id from its text form.
     *
     * @param id the value
     * @return this builder
     */
    public JobSpec id(String id) {
      this.id = UUID.fromString(id);
      return this;
    }

    /**
     * Sets the account.
     *
     * @param account the value
     * @return this builder
     */
    public JobSpec account(String account) {
      this.account = account;
      return this;
    }

    /**
     * Sets the display name.
     *
     * @param name the value
     * @return this builder
     */
    public JobSpec name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the handler name (null for push only).
     *
     * @param handler the value
     * @return this builder
     */
    public JobSpec handler(String handler) {
      this.handler = handler;
      return this;
    }

    /**
     * Sets the payload.
     *
     * @param payload the value
     * @return this builder
     */
    public JobSpec payload(JsonNode payload) {
      this.payload = payload;
      return this;
    }

    /**
     * Sets when the job is due (also its {@code scheduledFor}).
     *
     * @param runAt the value
     * @return this builder
     */
    public JobSpec runAt(Instant runAt) {
      this.runAt = runAt;
      return this;
    }

    /**
     * Sets when the job was submitted (also its {@code updatedAt}).
     *
     * @param createdAt the value
     * @return this builder
     */
    public JobSpec createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /**
     * Sets the allowed retries.
     *
     * @param maxRetries the value
     * @return this builder
     */
    public JobSpec maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the per-attempt timeout.
     *
     * @param timeout the value
     * @return this builder
     */
    public JobSpec timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets pull or push delivery.
     *
     * @param delivery the value
     * @return this builder
     */
    public JobSpec delivery(Delivery delivery) {
      this.delivery = delivery;
      return this;
    }

    /**
     * Sets the idempotency key.
     *
     * @param idempotencyKey the value
     * @return this builder
     */
    public JobSpec idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /**
     * Sets the schedule that spawned the job.
     *
     * @param scheduleId the value
     * @return this builder
     */
    public JobSpec scheduleId(UUID scheduleId) {
      this.scheduleId = scheduleId;
      return this;
    }

    /**
     * Builds the job as the engine hands it to {@code insert}.
     *
     * @return a new {@code PENDING} job with no attempts
     */
    public Job build() {
      return new Job(
          id,
          account,
          name,
          handler,
          payload,
          JobStatus.PENDING,
          runAt,
          runAt,
          createdAt,
          createdAt,
          0,
          maxRetries,
          timeout,
          delivery,
          idempotencyKey,
          scheduleId,
          null,
          null);
    }
  }

  /**
   * Claims one job at {@link #NOW} (or at its {@code runAt}, if later), which must be claimable.
   *
   * @param job the job
   * @return the attempt
   */
  protected final Attempt claimOne(Job job) {
    Instant runAt = store.find(job.id()).orElseThrow().runAt();
    Instant at = runAt.isAfter(NOW) ? runAt : NOW;
    List<Attempt> claimed = store.claim(List.of(job.id()), NODE, at, GRACE);
    assertThat(claimed).as("claim of %s", job.id()).hasSize(1);
    return claimed.get(0);
  }

  /**
   * Moves a stored {@code PENDING} job to {@code RUNNING} or a terminal status the way the engine
   * would, at {@link #NOW}.
   *
   * @param job the job
   * @param status {@code RUNNING}, {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}
   * @return the job afterwards
   */
  protected final Job driveTo(Job job, JobStatus status) {
    return switch (status) {
      case RUNNING -> claimOne(job).job();
      case COMPLETED ->
          store
              .finish(ExecutionOutcome.completed(claimOne(job).execution().id(), null), NOW)
              .orElseThrow()
              .job();
      case FAILED ->
          store
              .finish(ExecutionOutcome.failed(claimOne(job).execution().id(), "fatal", null), NOW)
              .orElseThrow()
              .job();
      case CANCELLED -> store.cancel(job.id(), NOW);
      default -> throw new IllegalArgumentException("cannot drive a job to " + status);
    };
  }

  private static ExpiredLease expiredLease(Attempt attempt) {
    Execution e = attempt.execution();
    return new ExpiredLease(e.id(), e.jobId(), e.attempt(), e.leaseExpiresAt());
  }

  /**
   * Parses JSON text into a tree.
   *
   * @param text the JSON
   * @return the tree
   */
  protected static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code task(0..threads-1)} on that many threads released together by a start gate, and
   * returns their results in thread order. Fails the test if any task throws or they do not end
   * within a generous bound.
   */
  private static <T> List<T> runConcurrently(int threads, ThreadTask<T> task) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        Callable<T> call =
            () -> {
              ready.countDown();
              start.await();
              return task.run(index);
            };
        futures.add(executor.submit(call));
      }
      assertThat(ready.await(CONCURRENCY_BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        try {
          results.add(future.get(CONCURRENCY_BOUND.toSeconds(), TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          throw new AssertionError("a concurrent task failed", e.getCause());
        }
      }
      return results;
    } finally {
      executor.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface ThreadTask<T> {
    T run(int index) throws Exception;
  }
}
