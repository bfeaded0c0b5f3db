package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.MisfirePolicy;
import dev.chronos.Schedule;
import dev.chronos.ScheduleQuery;
import dev.chronos.ScheduleRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules declared in code on a cluster: three nodes on one PostgreSQL database each call {@code
 * ensure} for the same key at the same moment at start-up, and do it again at every restart. There
 * must be exactly one schedule, never changed by the restarts, and exactly one job per fire.
 */
class PostgresEnsureClusterTest {
  private static final int NODES = 3;
  private static final int RESTARTS = 3;

  private String prefix;
  private final List<Chronos> running = new ArrayList<>();

  @BeforeEach
  void database() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
  }

  @AfterEach
  void stop() {
    running.forEach(Chronos::close);
    PostgresDatabase.drop(prefix);
  }

  private static ScheduleRequest declaration() {
    return ScheduleRequest.builder()
        .key("heartbeat")
        .name("Heartbeat every second")
        .handler("tick")
        .interval(1, DelayUnit.SECOND)
        .misfirePolicy(MisfirePolicy.FIRE_ALL) // restarts lose no fire: one job for each
        .payload(Map.of("source", "code"))
        .build();
  }

  private Chronos node(String id) {
    return Chronos.builder()
        .nodeId(id)
        .store(
            JdbcJobStore.builder()
                .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                .tablePrefix(prefix)
                .maxPoolSize(3)
                .build())
        .pollInterval(Duration.ofMillis(200))
        .handler("tick", ctx -> null)
        .build();
  }

  /** Starts three nodes that all ensure the declaration at once; returns what each got. */
  private List<Schedule> startAndEnsure(int round) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(NODES);
    try {
      CountDownLatch ready = new CountDownLatch(NODES);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Schedule>> ensured = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        Chronos node = node("node-" + i + "-round-" + round);
        running.add(node);
        ensured.add(
            threads.submit(
                () -> {
                  node.start();
                  ready.countDown();
                  go.await();
                  return node.schedules().ensure(declaration());
                }));
      }
      assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<Schedule> results = new ArrayList<>();
      for (Future<Schedule> f : ensured) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }

  private List<Instant> fireTimes() {
    return Jdbi.create(PostgresDatabase.dataSource())
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT scheduled_for FROM "
                            + prefix
                            + "jobs WHERE schedule_id IS NOT NULL ORDER BY scheduled_for")
                    .mapTo(OffsetDateTime.class)
                    .list())
        .stream()
        .map(OffsetDateTime::toInstant)
        .toList();
  }

  @Test
  void three_nodes_ensuring_one_key_at_every_restart_leave_one_schedule_and_one_job_per_fire()
      throws Exception {
    Schedule first = null;
    for (int round = 0; round < RESTARTS; round++) {
      List<Schedule> ensured = startAndEnsure(round);

      Schedule one = ensured.get(0);
      assertThat(ensured).extracting(Schedule::id).containsOnly(one.id());
      if (first == null) {
        first = one;
      } else {
        // The same declaration again: the schedule is found, not changed.
        assertThat(one.id()).isEqualTo(first.id());
        assertThat(one.createdAt()).isEqualTo(first.createdAt());
      }
      int firesBefore = fireTimes().size();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> fireTimes().size() >= firesBefore + 3);
      running.forEach(Chronos::close);
      running.clear();
    }

    Chronos reader = node("reader");
    running.add(reader);
    List<Schedule> all = reader.schedules().list(ScheduleQuery.builder().build()).items();
    assertThat(all).singleElement().satisfies(s -> assertThat(s.key()).isEqualTo("heartbeat"));
    List<Instant> fires = fireTimes();
    assertThat(fires).hasSizeGreaterThanOrEqualTo(3 * RESTARTS).doesNotHaveDuplicates();
    for (int i = 0; i < fires.size(); i++) {
      // One job per nominal fire, none missing across the restarts: every second from the first.
      assertThat(fires.get(i)).isEqualTo(first.nextRunAt().plusSeconds(i));
    }
    assertThat(all.get(0).runCount()).isEqualTo(fires.size());
  }
}
