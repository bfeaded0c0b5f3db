package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.MisfirePolicy;
import dev.chronos.Schedule;
import dev.chronos.ScheduleRequest;
import dev.chronos.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schedules on one PostgreSQL database shared by several nodes. */
class PostgresScheduleTest {
  private String prefix;
  private final List<Chronos> nodes = new ArrayList<>();

  @BeforeEach
  void database() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
  }

  @AfterEach
  void stop() {
    nodes.forEach(Chronos::close);
    PostgresDatabase.drop(prefix);
  }

  private Chronos node(String id, Clock clock) {
    Chronos node =
        Chronos.builder()
            .nodeId(id)
            .clock(clock)
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                    .tablePrefix(prefix)
                    .maxPoolSize(4)
                    .build())
            .pollInterval(Duration.ofMillis(200))
            .handler("tick", ctx -> null)
            .build();
    nodes.add(node);
    return node;
  }

  private List<Instant> fireTimes(Schedule s) {
    return Jdbi.create(PostgresDatabase.dataSource())
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT scheduled_for FROM "
                            + prefix
                            + "jobs WHERE schedule_id = :id ORDER BY scheduled_for")
                    .bind("id", s.id())
                    .mapTo(java.time.OffsetDateTime.class)
                    .list())
        .stream()
        .map(java.time.OffsetDateTime::toInstant)
        .toList();
  }

  @Test
  void three_nodes_spawn_exactly_one_job_per_fire_of_20_schedules_every_second_for_60_s() {
    for (String id : List.of("a", "b", "c")) {
      node(id, Clock.systemUTC()).start();
    }
    Chronos admin = nodes.get(0);
    List<Schedule> schedules = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      schedules.add(
          admin
              .schedules()
              .create(
                  ScheduleRequest.builder()
                      .name("every second " + i)
                      .handler("tick")
                      .interval(1, DelayUnit.SECOND)
                      .misfirePolicy(MisfirePolicy.FIRE_ALL)
                      .build()));
    }
    Instant end = Instant.now().plusSeconds(60);

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> Instant.now().isAfter(end));
    schedules.forEach(s -> admin.schedules().archive(s.id()));

    for (Schedule s : schedules) {
      List<Instant> fires = fireTimes(s);
      assertThat(fires).as("fires of %s", s.name()).hasSizeGreaterThanOrEqualTo(55);
      assertThat(fires).doesNotHaveDuplicates();
      for (int i = 0; i < fires.size(); i++) {
        // one job per nominal fire time: the first one interval after creation, then every second
        assertThat(fires.get(i)).isEqualTo(s.nextRunAt().plusSeconds(i));
      }
    }
  }

  @Test
  void after_all_nodes_were_down_each_schedule_follows_its_misfire_policy() {
    MutableClock clock =
        MutableClock.at(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Instant t0 = clock.instant();
    Chronos first = node("first", clock);
    Map<MisfirePolicy, Schedule> byPolicy = new java.util.EnumMap<>(MisfirePolicy.class);
    for (MisfirePolicy policy : MisfirePolicy.values()) {
      byPolicy.put(
          policy,
          first
              .schedules()
              .create(
                  ScheduleRequest.builder()
                      .name(policy.json())
                      .handler("tick")
                      .interval(1, DelayUnit.HOUR)
                      .misfirePolicy(policy)
                      .build()));
    }
    first.close();

    clock.set(t0.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(30))); // five fires missed
    node("second", clock).start();
    node("third", clock).start();

    Instant sixth = t0.plus(Duration.ofHours(6));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                byPolicy.values().stream()
                    .allMatch(
                        s ->
                            sixth.equals(
                                nodes.get(1).schedules().get(s.id()).orElseThrow().nextRunAt())));

    assertThat(fireTimes(byPolicy.get(MisfirePolicy.FIRE_ONCE)))
        .containsExactly(t0.plus(Duration.ofHours(5)));
    assertThat(fireTimes(byPolicy.get(MisfirePolicy.SKIP))).isEmpty();
    assertThat(fireTimes(byPolicy.get(MisfirePolicy.FIRE_ALL)))
        .containsExactly(
            t0.plus(Duration.ofHours(1)),
            t0.plus(Duration.ofHours(2)),
            t0.plus(Duration.ofHours(3)),
            t0.plus(Duration.ofHours(4)),
            t0.plus(Duration.ofHours(5)));
  }
}
