package dev.chronos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.Delivery;
import dev.chronos.Interval;
import dev.chronos.MisfirePolicy;
import dev.chronos.OverlapPolicy;
import dev.chronos.Page;
import dev.chronos.Schedule;
import dev.chronos.ScheduleKeyConflictException;
import dev.chronos.ScheduleQuery;
import dev.chronos.ScheduleRequest;
import dev.chronos.ScheduleStatus;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
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
 * Schedule keys ({@link JobStore#insertScheduleIfAbsent}, {@link JobStore#findScheduleByKey}), the
 * {@code paused} status, and {@link dev.chronos.Schedules#ensure} from several nodes at once, as
 * every {@link JobStore} must support them: extend this class and implement {@link #createStore()};
 * a store shared between processes also overrides {@link #createNodeStore} so that each node has a
 * store of its own on one database.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class ScheduleKeysContractTest {
  /** The instant the tests start at. */
  protected static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  private static final int NODES = 3;

  private JobStore store;
  private final List<Chronos> nodes = new ArrayList<>();
  private final MutableClock clock = MutableClock.at(NOW);

  /** For subclasses, one per store under test. */
  protected ScheduleKeysContractTest() {}

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

  // ---- the store -------------------------------------------------------------------------------

  @Test
  void a_keyed_schedule_is_stored_once_and_found_by_its_key() {
    Schedule s = schedule("default", "nightly-report");

    assertThat(store.insertScheduleIfAbsent(s)).isEmpty();

    assertThat(store.findScheduleByKey("default", "nightly-report")).contains(s);
    assertThat(store.findSchedule(s.id())).contains(s);
    assertThat(store.findScheduleByKey("default", "other")).isEmpty();
    assertThat(store.findScheduleByKey("other", "nightly-report")).isEmpty();
  }

  @Test
  void a_second_schedule_with_a_taken_key_gets_the_holder_and_is_not_stored() {
    Schedule holder = schedule("default", "k");
    store.insertScheduleIfAbsent(holder);
    Schedule second = schedule("default", "k");

    assertThat(store.insertScheduleIfAbsent(second)).contains(holder);

    assertThat(store.findSchedule(second.id())).isEmpty();
    assertThat(store.querySchedules(ScheduleQuery.builder().build()).total()).isEqualTo(1);
  }

  @Test
  void a_query_by_key_lists_only_the_schedule_with_that_key_in_its_account() {
    Schedule nightly = schedule("default", "nightly-report");
    store.insertSchedule(nightly);
    store.insertSchedule(schedule("default", "nightly-report-2"));
    store.insertSchedule(schedule("default", null));
    Schedule elsewhere = schedule("other", "nightly-report");
    store.insertSchedule(elsewhere);
    store.replaceSchedule(withStatus(nightly, ScheduleStatus.PAUSED), 0);

    Page<Schedule> byKey =
        store.querySchedules(ScheduleQuery.builder().key("nightly-report").build());
    assertThat(byKey.items()).extracting(Schedule::id).containsExactly(nightly.id());
    assertThat(byKey.total()).isEqualTo(1);
    assertThat(byKey.items().get(0).toJson().get("key").asText()).isEqualTo("nightly-report");
    assertThat(
            store
                .querySchedules(
                    ScheduleQuery.builder().account("other").key("nightly-report").build())
                .items())
        .extracting(Schedule::id)
        .containsExactly(elsewhere.id());
    // The key and the status filters together; exact comparison, no prefix or case folding.
    assertThat(
            store
                .querySchedules(
                    ScheduleQuery.builder()
                        .key("nightly-report")
                        .statuses(ScheduleStatus.ACTIVE)
                        .build())
                .total())
        .isZero();
    assertThat(
            store
                .querySchedules(
                    ScheduleQuery.builder()
                        .key("nightly-report")
                        .statuses(ScheduleStatus.PAUSED, ScheduleStatus.ACTIVE)
                        .build())
                .total())
        .isEqualTo(1);
    for (String other : List.of("nightly", "NIGHTLY-REPORT", "nightly-report ")) {
      Page<Schedule> none = store.querySchedules(ScheduleQuery.builder().key(other).build());
      assertThat(none.items()).isEmpty();
      assertThat(none.total()).isZero();
    }
  }

  @Test
  void insert_schedule_with_a_taken_key_is_a_conflict_naming_the_holder() {
    Schedule holder = schedule("default", "k");
    store.insertSchedule(holder);
    Schedule second = schedule("default", "k");

    assertThatThrownBy(() -> store.insertSchedule(second))
        .isInstanceOfSatisfying(
            ScheduleKeyConflictException.class,
            e -> {
              assertThat(e.code()).isEqualTo("schedule_key_conflict");
              assertThat(e.existingScheduleId()).isEqualTo(holder.id());
              assertThat(e.key()).isEqualTo("k");
            });
    assertThat(store.findSchedule(second.id())).isEmpty();
  }

  @Test
  void keys_are_unique_per_account_and_schedules_without_keys_never_conflict() {
    Schedule a = schedule("acct-a", "k");
    Schedule b = schedule("acct-b", "k");
    store.insertScheduleIfAbsent(a);

    assertThat(store.insertScheduleIfAbsent(b)).isEmpty();
    store.insertSchedule(schedule("acct-a", null));
    store.insertSchedule(schedule("acct-a", null));

    assertThat(store.findScheduleByKey("acct-b", "k")).contains(b);
    assertThat(store.querySchedules(ScheduleQuery.builder().account("acct-a").build()).total())
        .isEqualTo(3);
  }

  @Test
  void a_key_stays_with_its_schedule_through_changes_and_in_lists() {
    Schedule s = schedule("default", "k");
    store.insertScheduleIfAbsent(s);
    Schedule paused = withStatus(s, ScheduleStatus.PAUSED);

    assertThat(store.replaceSchedule(paused, 0)).isTrue();

    assertThat(store.findScheduleByKey("default", "k")).contains(paused);
    assertThat(store.querySchedules(ScheduleQuery.builder().build()).items())
        .extracting(Schedule::key)
        .containsExactly("k");
    assertThat(store.insertScheduleIfAbsent(schedule("default", "k"))).contains(paused);
  }

  @Test
  void a_paused_schedule_is_not_due() {
    Schedule active = schedule("default", "active");
    Schedule paused = schedule("default", "paused");
    store.insertSchedule(active);
    store.insertSchedule(paused);
    store.replaceSchedule(withStatus(paused, ScheduleStatus.PAUSED), 0);

    List<DueJob> due = store.findDueSchedules(NOW.plusSeconds(7_200), 10);

    assertThat(due).extracting(DueJob::id).containsExactly(active.id());
    assertThat(
            store
                .querySchedules(ScheduleQuery.builder().statuses(ScheduleStatus.PAUSED).build())
                .items())
        .extracting(Schedule::id)
        .containsExactly(paused.id());
  }

  @RepeatedTest(3)
  void racing_inserts_of_one_key_store_one_schedule_and_return_it_to_everyone() {
    List<Schedule> candidates = new ArrayList<>();
    List<JobStore> stores = new ArrayList<>();
    for (int i = 0; i < NODES * 2; i++) {
      candidates.add(schedule("default", "raced"));
      stores.add(i == 0 ? store : createNodeStore(store));
    }
    try {
      List<Optional<Schedule>> results =
          Races.race(
              candidates.size(), i -> stores.get(i).insertScheduleIfAbsent(candidates.get(i)));

      Schedule winner = store.findScheduleByKey("default", "raced").orElseThrow();
      assertThat(results.stream().filter(Optional::isEmpty).count()).isEqualTo(1);
      assertThat(results.stream().flatMap(Optional::stream).map(Schedule::id))
          .containsOnly(winner.id());
      assertThat(store.querySchedules(ScheduleQuery.builder().build()).total()).isEqualTo(1);
    } finally {
      for (JobStore s : stores) {
        if (s != store) {
          s.close();
        }
      }
    }
  }

  // ---- ensure from several nodes ---------------------------------------------------------------

  @RepeatedTest(3)
  void ensure_from_three_nodes_at_once_leaves_one_schedule_and_one_next_fire() {
    List<Chronos> three = List.of(node("node-1"), node("node-2"), node("node-3"));

    List<Schedule> ensured =
        Races.race(NODES, i -> three.get(i).schedules().ensure(declaration("hourly-sync").build()));

    List<Schedule> stored = store.querySchedules(ScheduleQuery.builder().build()).items();
    assertThat(stored).hasSize(1);
    Schedule one = stored.get(0);
    assertThat(ensured).extracting(Schedule::id).containsOnly(one.id());
    assertThat(one.key()).isEqualTo("hourly-sync");
    assertThat(one.version()).isZero();
    assertThat(one.nextRunAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void ensure_again_after_a_restart_changes_nothing_and_keeps_the_next_fire() {
    Schedule first = node("node-1").schedules().ensure(declaration("hourly-sync").build());
    clock.advance(Duration.ofMinutes(20)); // a restart twenty minutes later

    Schedule again = node("node-2").schedules().ensure(declaration("hourly-sync").build());

    assertThat(again).isEqualTo(first);
    assertThat(store.findScheduleByKey("default", "hourly-sync")).contains(first);
  }

  @Test
  void ensure_with_a_changed_payload_updates_the_schedule_but_not_its_next_fire() {
    Schedule first = node("node-1").schedules().ensure(declaration("hourly-sync").build());
    clock.advance(Duration.ofMinutes(20));

    Schedule changed =
        node("node-2")
            .schedules()
            .ensure(declaration("hourly-sync").payload(Map.of("scope", "all")).build());

    assertThat(changed.id()).isEqualTo(first.id());
    assertThat(changed.payload().path("scope").asText()).isEqualTo("all");
    assertThat(changed.version()).isEqualTo(1);
    assertThat(changed.nextRunAt()).isEqualTo(first.nextRunAt());
    assertThat(store.findScheduleByKey("default", "hourly-sync")).contains(changed);
  }

  @Test
  void ensure_with_a_changed_cadence_starts_the_cadence_again_from_now() {
    Schedule first = node("node-1").schedules().ensure(declaration("hourly-sync").build());
    clock.advance(Duration.ofMinutes(20));

    Schedule changed =
        node("node-2")
            .schedules()
            .ensure(declaration("hourly-sync").interval(30, DelayUnit.MINUTE).build());

    assertThat(changed.id()).isEqualTo(first.id());
    assertThat(changed.interval()).isEqualTo(Interval.of(30, DelayUnit.MINUTE));
    assertThat(changed.nextRunAt()).isEqualTo(NOW.plus(Duration.ofMinutes(50)));
  }

  @Test
  void ensure_keeps_a_paused_schedule_paused_and_leaves_an_archived_one_alone() {
    Chronos node = node("node-1");
    Schedule first = node.schedules().ensure(declaration("paused-one").build());
    node.schedules().pause(first.id());

    Schedule changed =
        node.schedules().ensure(declaration("paused-one").payload(Map.of("v", 2)).build());
    assertThat(changed.status()).isEqualTo(ScheduleStatus.PAUSED);
    assertThat(changed.payload().path("v").asInt()).isEqualTo(2);

    Schedule other = node.schedules().ensure(declaration("archived-one").build());
    Schedule archived = node.schedules().archive(other.id());
    assertThat(node.schedules().ensure(declaration("archived-one").payload(Map.of("v", 3)).build()))
        .isEqualTo(archived);
  }

  @Test
  void get_by_key_is_scoped_to_the_account() {
    Chronos node = node("node-1");
    Schedule s = node.schedules().ensure(declaration("k").account("acct-1").build());

    assertThat(node.schedules().get("acct-1", "k")).contains(s);
    assertThat(node.schedules().get("k")).isEmpty();
    assertThat(node.schedules().get("acct-2", "k")).isEmpty();
  }

  @Test
  void ensure_without_a_key_is_refused_and_create_with_a_taken_key_is_a_conflict() {
    Chronos node = node("node-1");
    assertThatThrownBy(() -> node.schedules().ensure(declaration(null).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    Schedule s = node.schedules().ensure(declaration("k").build());

    assertThatThrownBy(() -> node.schedules().create(declaration("k").build()))
        .isInstanceOfSatisfying(
            ScheduleKeyConflictException.class,
            e -> assertThat(e.existingScheduleId()).isEqualTo(s.id()));
    assertThat(store.querySchedules(ScheduleQuery.builder().build()).total()).isEqualTo(1);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private Chronos node(String id) {
    Chronos node = Chronos.builder().store(createNodeStore(store)).clock(clock).nodeId(id).build();
    nodes.add(node);
    return node;
  }

  private static ScheduleRequest.Builder declaration(String key) {
    return ScheduleRequest.builder()
        .key(key)
        .name("Hourly sync")
        .handler("sync")
        .interval(1, DelayUnit.HOUR)
        .payload(Map.of("scope", "recent"));
  }

  private static Schedule schedule(String account, String key) {
    return new Schedule(
        UUID.randomUUID(),
        account,
        key,
        "Nightly report",
        null,
        "report",
        ScheduleStatus.ACTIVE,
        null,
        Interval.of(1, DelayUnit.HOUR),
        ZoneId.of("UTC"),
        NOW.plus(Duration.ofHours(1)),
        null,
        0,
        null,
        Delivery.pull(),
        null,
        Duration.ofSeconds(30),
        3,
        MisfirePolicy.FIRE_ONCE,
        OverlapPolicy.ALLOW,
        NOW,
        NOW,
        0);
  }

  private static Schedule withStatus(Schedule s, ScheduleStatus status) {
    return new Schedule(
        s.id(),
        s.account(),
        s.key(),
        s.name(),
        s.description(),
        s.handler(),
        status,
        s.cron(),
        s.interval(),
        s.timezone(),
        s.nextRunAt(),
        s.runs(),
        s.runCount(),
        s.stopAt(),
        s.delivery(),
        s.payload(),
        s.timeout(),
        s.maxRetries(),
        s.misfirePolicy(),
        s.overlapPolicy(),
        s.createdAt(),
        NOW.plusSeconds(1),
        s.version() + 1);
  }
}
