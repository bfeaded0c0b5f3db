package dev.chronos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chronos.Chronos;
import dev.chronos.Delivery;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.JobValidationException;
import dev.chronos.OnConflict;
import dev.chronos.Submission;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Idempotency keys looked up ({@link JobStore#findByIdempotencyKey}) and submits replayed after
 * their {@code scheduled_for} has passed, through nodes on one store, as every {@link JobStore}
 * must support them: extend this class and implement {@link #createStore()}; a store shared between
 * processes also overrides {@link #createNodeStore} so that each node has a store of its own on one
 * database.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class IdempotentSubmitContractTest {
  /** The instant the tests start at. */
  protected static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  private static final int NODES = 3;
  private static final Instant IN_AN_HOUR = NOW.plusSeconds(3_600);

  private JobStore store;
  private final List<Chronos> nodes = new ArrayList<>();
  private final MutableClock clock = MutableClock.at(NOW);

  /** For subclasses, one per store under test. */
  protected IdempotentSubmitContractTest() {}

  /**
   * Creates the store under test: a new, empty one for each test.
   *
   * @return the store
   */
  protected abstract JobStore createStore();

  /**
   * A store on the same data as {@code first} for one more node (each node closes its store when it
   * closes). The default is {@code first} itself, for stores that live in one process.
   *
   * @param first the store {@link #createStore()} made for this test
   * @return a store sharing its data
   */
  protected JobStore createNodeStore(JobStore first) {
    return first;
  }

  @BeforeEach
  final void openStore() {
    store = createStore();
  }

  @AfterEach
  final void closeStore() {
    nodes.forEach(Chronos::close);
    store.close();
  }

  // ---- the store's lookup ----------------------------------------------------------------------

  @Test
  void the_holder_of_a_key_is_found_with_its_current_state_and_result() {
    Job job = keyed("k-found", "default");
    store.insert(job);
    assertThat(store.findByIdempotencyKey("default", "k-found")).contains(job);

    Attempt a = store.claim(List.of(job.id()), "node-1", NOW, Duration.ofSeconds(10)).get(0);
    store.finish(
        ExecutionOutcome.completed(
            a.execution().id(), JsonNodeFactory.instance.objectNode().put("sent", true)),
        NOW.plusSeconds(1));

    Job found = store.findByIdempotencyKey("default", "k-found").orElseThrow();
    assertThat(found.id()).isEqualTo(job.id());
    assertThat(found.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(found.result()).isEqualTo(JsonNodeFactory.instance.objectNode().put("sent", true));
  }

  @Test
  void a_free_key_a_key_of_another_account_and_a_purged_key_find_nothing() {
    Job job = keyed("k-1", "default");
    store.insert(job);
    store.insert(keyed(null, "default"));

    assertThat(store.findByIdempotencyKey("default", "k-2")).isEmpty();
    assertThat(store.findByIdempotencyKey("other", "k-1")).isEmpty();
    assertThat(store.findByIdempotencyKey("default", "K-1")).isEmpty();

    store.cancel(job.id(), NOW);
    store.purge(EnumSet.of(JobStatus.CANCELLED), NOW.plusSeconds(1), 10);
    assertThat(store.findByIdempotencyKey("default", "k-1")).isEmpty();
  }

  @RepeatedTest(3)
  void lookups_racing_a_get_or_create_find_nothing_or_the_one_stored_job() {
    for (int i = 0; i < NODES; i++) {
      node("node-" + i);
    }
    List<JobStore> stores = List.copyOf(nodeStores);
    int racers = 8;
    List<Job> candidates = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      candidates.add(keyed("k-race", "default"));
    }

    List<Optional<Job>> results =
        Races.race(
            racers,
            i ->
                i % 2 == 0
                    ? stores.get(i % NODES).insertIfAbsent(candidates.get(i), false)
                    : stores.get(i % NODES).findByIdempotencyKey("default", "k-race"));

    Job winner = store.findByIdempotencyKey("default", "k-race").orElseThrow();
    assertThat(candidates).extracting(Job::id).contains(winner.id());
    assertThat(results.stream().flatMap(Optional::stream).map(Job::id)).containsOnly(winner.id());
    for (JobStore s : stores) {
      assertThat(s.findByIdempotencyKey("default", "k-race").map(Job::id)).contains(winner.id());
    }
    assertThat(store.query(JobQuery.builder().build()).total()).isEqualTo(1);
  }

  // ---- replays through nodes -------------------------------------------------------------------

  @Test
  void a_replay_after_its_time_has_passed_returns_the_existing_job() {
    Chronos a = node("node-a");
    Chronos b = node("node-b");
    JobRequest request = request("charge-order-1", Map.of("order", 1));
    Submission first = a.submit(request, OnConflict.RETURN_EXISTING);
    assertThat(first.created()).isTrue();

    clock.set(IN_AN_HOUR.plusSeconds(60)); // the replay comes after scheduled_for

    for (OnConflict mode :
        List.of(OnConflict.RETURN_EXISTING, OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD)) {
      Submission replay = b.submit(request, mode);
      assertThat(replay.created()).isFalse();
      assertThat(replay.job().id()).isEqualTo(first.job().id());
      assertThat(replay.job().scheduledFor()).isEqualTo(IN_AN_HOUR);
    }
    // Without get-or-create the replay is the key's conflict, not an error about the time.
    for (Chronos node : List.of(a, b)) {
      assertThatThrownBy(() -> node.submit(request))
          .isInstanceOfSatisfying(
              IdempotencyKeyConflictException.class,
              e -> assertThat(e.existingJobId()).isEqualTo(first.job().id()));
      assertThatThrownBy(() -> node.submit(request, OnConflict.FAIL))
          .isInstanceOf(IdempotencyKeyConflictException.class);
    }
    assertThat(a.jobs(JobQuery.builder().build()).total()).isEqualTo(1);
  }

  @Test
  void a_late_replay_with_another_payload_is_a_conflict_when_the_same_payload_is_required() {
    Chronos a = node("node-a");
    Job holder = a.submit(request("k-payload", Map.of("order", 1)));
    clock.set(IN_AN_HOUR.plusSeconds(1));
    JobRequest other = request("k-payload", Map.of("order", 2));

    assertThatThrownBy(() -> a.submit(other, OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> assertThat(e.existingJobId()).isEqualTo(holder.id()));
    assertThat(a.submit(other, OnConflict.RETURN_EXISTING).job().id()).isEqualTo(holder.id());
    // The same JSON value spelled otherwise is the same payload.
    assertThat(
            a.submit(
                    request("k-payload", Map.of("order", 1.0)),
                    OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD)
                .created())
        .isFalse();
  }

  @Test
  void a_new_job_with_a_past_time_is_still_refused_and_nothing_is_stored() {
    Chronos a = node("node-a");
    clock.set(IN_AN_HOUR.plusSeconds(1));

    for (OnConflict mode : OnConflict.values()) {
      assertThatThrownBy(() -> a.submit(request("never-submitted", Map.of("order", 3)), mode))
          .isInstanceOfSatisfying(
              JobValidationException.class,
              e ->
                  assertThat(e.errors())
                      .extracting(f -> f.field())
                      .containsExactly("scheduled_for"));
    }
    assertThatThrownBy(
            () -> a.submit(request(null, Map.of("order", 3)), OnConflict.RETURN_EXISTING))
        .isInstanceOf(JobValidationException.class);
    assertThat(a.jobs(JobQuery.builder().build()).total()).isZero();
  }

  @Test
  void a_replay_of_a_purged_job_is_a_new_job_and_its_past_time_is_refused() {
    Chronos a = node("node-a");
    Job holder = a.submit(request("k-gone", Map.of("order", 4)));
    a.cancel(holder.id());
    store.purge(EnumSet.of(JobStatus.CANCELLED), NOW.plusSeconds(1), 10);
    clock.set(IN_AN_HOUR.plusSeconds(1));

    assertThatThrownBy(
            () -> a.submit(request("k-gone", Map.of("order", 4)), OnConflict.RETURN_EXISTING))
        .isInstanceOf(JobValidationException.class);
  }

  @RepeatedTest(3)
  void late_replays_racing_from_several_nodes_all_get_the_one_job() {
    List<Chronos> three = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      three.add(node("node-" + i));
    }
    JobRequest request = request("webhook-evt_1", Map.of("event", "evt_1"));
    Job holder = three.get(0).submit(request);
    clock.set(IN_AN_HOUR.plusSeconds(5));

    List<Submission> replays =
        Races.race(
            NODES * 2,
            i ->
                three
                    .get(i % NODES)
                    .submit(
                        request,
                        i % 2 == 0
                            ? OnConflict.RETURN_EXISTING
                            : OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD));

    assertThat(replays).allSatisfy(s -> assertThat(s.created()).isFalse());
    assertThat(replays).extracting(s -> s.job().id()).containsOnly(holder.id());
    assertThat(three.get(1).jobs(JobQuery.builder().build()).total()).isEqualTo(1);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private final List<JobStore> nodeStores = new ArrayList<>();

  /** A node, not started, on a store of its own over the test's data, under the test's clock. */
  private Chronos node(String id) {
    JobStore nodeStore = createNodeStore(store);
    nodeStores.add(nodeStore);
    Chronos node = Chronos.builder().store(nodeStore).clock(clock).nodeId(id).build();
    nodes.add(node);
    return node;
  }

  /** A submit due in an hour, by absolute time. */
  private static JobRequest request(String key, Map<String, ?> payload) {
    JobRequest.Builder b =
        JobRequest.builder()
            .name("Charge")
            .handler("charge")
            .scheduledFor(IN_AN_HOUR)
            .payload(payload);
    return key == null ? b.build() : b.idempotencyKey(key).build();
  }

  private static Job keyed(String key, String account) {
    return new Job(
        UUID.randomUUID(),
        account,
        "Keyed",
        "charge",
        JsonNodeFactory.instance.objectNode().put("n", 1),
        JobStatus.PENDING,
        NOW,
        NOW,
        NOW.minusSeconds(60),
        NOW.minusSeconds(60),
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
