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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Schedules driven by a manual clock: cadence, completion, archive, updates, misfires. */
class ScheduleTest {
  private final MutableClock clock = MutableClock.fixed(); // 2026-01-15T09:00:00Z
  private final Instant t0 = clock.instant();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final List<Job> ran = new ArrayList<>();
  private final ChronosEngine chronos =
      TestNodes.inline(
          TestNodes.builder(store, clock)
              .handler(
                  "report",
                  ctx -> {
                    synchronized (ran) {
                      ran.add(chronos().job(ctx.jobId()).orElseThrow());
                    }
                    return "ok";
                  }));

  private ChronosEngine chronos() {
    return chronos;
  }

  @AfterEach
  void close() {
    chronos.close();
  }

  private Schedule hourly(String handler, MisfirePolicy misfire) {
    return chronos
        .schedules()
        .create(
            ScheduleRequest.builder()
                .name("Hourly report")
                .handler(handler)
                .interval(1, DelayUnit.HOUR)
                .misfirePolicy(misfire)
                .payload(Map.of("kind", "hourly"))
                .build());
  }

  private List<Job> jobsOf(Schedule s) {
    return chronos.jobs(JobQuery.builder().scheduleId(s.id()).size(100).build()).items().stream()
        .sorted(java.util.Comparator.comparing(Job::scheduledFor))
        .toList();
  }

  private Schedule reload(Schedule s) {
    return chronos.schedules().get(s.id()).orElseThrow();
  }

  @Test
  void an_interval_schedule_fires_on_time_and_anchors_on_the_nominal_time() {
    Schedule s = hourly("report", MisfirePolicy.FIRE_ONCE);
    assertThat(s.nextRunAt()).isEqualTo(t0.plus(Duration.ofHours(1)));
    assertThat(s.status()).isEqualTo(ScheduleStatus.ACTIVE);

    clock.set(t0.plus(Duration.ofMinutes(59)));
    chronos.runDue();
    assertThat(jobsOf(s)).isEmpty();

    clock.set(t0.plus(Duration.ofHours(1)));
    chronos.runDue();
    // A late run: the node looks 40 s after the nominal time; the next fire keeps the phase.
    clock.set(t0.plus(Duration.ofHours(2)).plusSeconds(40));
    chronos.runDue();

    List<Job> jobs = jobsOf(s);
    assertThat(jobs)
        .extracting(Job::scheduledFor)
        .containsExactly(t0.plus(Duration.ofHours(1)), t0.plus(Duration.ofHours(2)));
    assertThat(jobs)
        .allSatisfy(
            j -> {
              assertThat(j.scheduleId()).isEqualTo(s.id());
              assertThat(j.status()).isEqualTo(JobStatus.COMPLETED);
              assertThat(j.payload().get("kind").asText()).isEqualTo("hourly");
            });
    assertThat(chronos.executions(jobs.get(0).id()))
        .singleElement()
        .satisfies(e -> assertThat(e.trigger()).isEqualTo(ExecutionTrigger.SCHEDULE));
    assertThat(reload(s).nextRunAt()).isEqualTo(t0.plus(Duration.ofHours(3)));
    assertThat(reload(s).runCount()).isEqualTo(2);
    assertThat(chronos.jobs(JobQuery.builder().oneOffOnly().build()).total()).isZero();
  }

  @Test
  void a_cron_schedule_fires_at_its_local_time() {
    Schedule s =
        chronos
            .schedules()
            .create(
                ScheduleRequest.builder()
                    .name("Morning")
                    .handler("report")
                    .cron("30 9 * * *")
                    .timezone("America/New_York")
                    .build());
    // 09:30 in New York on Jan 15 2026 (EST, UTC−5) is 14:30 UTC.
    assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2026-01-15T14:30:00Z"));

    clock.set(Instant.parse("2026-01-15T14:30:00Z"));
    chronos.runDue();

    assertThat(jobsOf(s))
        .singleElement()
        .satisfies(j -> assertThat(j.status()).isEqualTo(JobStatus.COMPLETED));
    assertThat(reload(s).nextRunAt()).isEqualTo(Instant.parse("2026-01-16T14:30:00Z"));
  }

  @Test
  void runs_complete_the_schedule() {
    Schedule s =
        chronos
            .schedules()
            .create(
                ScheduleRequest.builder()
                    .name("Three times")
                    .handler("report")
                    .interval(1, DelayUnit.MINUTE)
                    .runs(3)
                    .build());
    for (int i = 1; i <= 5; i++) {
      clock.set(t0.plus(Duration.ofMinutes(i)));
      chronos.runDue();
    }

    Schedule done = reload(s);
    assertThat(done.status()).isEqualTo(ScheduleStatus.COMPLETED);
    assertThat(done.nextRunAt()).isNull();
    assertThat(done.runCount()).isEqualTo(3);
    assertThat(jobsOf(s)).hasSize(3);
    assertThatThrownBy(
            () -> chronos.schedules().update(s.id(), ScheduleUpdate.builder().name("x").build()))
        .isInstanceOf(ScheduleCompletedException.class);
  }

  @Test
  void stop_at_completes_the_schedule() {
    Schedule s =
        chronos
            .schedules()
            .create(
                ScheduleRequest.builder()
                    .name("Until lunch")
                    .handler("report")
                    .interval(1, DelayUnit.HOUR)
                    .stopAt(t0.plus(Duration.ofMinutes(150)))
                    .build());
    for (int h = 1; h <= 4; h++) {
      clock.set(t0.plus(Duration.ofHours(h)));
      chronos.runDue();
    }

    assertThat(jobsOf(s))
        .extracting(Job::scheduledFor)
        .containsExactly(t0.plus(Duration.ofHours(1)), t0.plus(Duration.ofHours(2)));
    assertThat(reload(s).status()).isEqualTo(ScheduleStatus.COMPLETED);
  }

  @Test
  void archiving_cancels_pending_jobs_and_stops_the_schedule() {
    Schedule s = hourly("nobody-here", MisfirePolicy.FIRE_ONCE);
    clock.set(t0.plus(Duration.ofHours(1)));
    chronos.runDue();
    clock.set(t0.plus(Duration.ofHours(2)));
    chronos.runDue();
    assertThat(jobsOf(s))
        .hasSize(2)
        .allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.PENDING));

    Schedule archived = chronos.schedules().archive(s.id());

    assertThat(archived.status()).isEqualTo(ScheduleStatus.ARCHIVED);
    assertThat(jobsOf(s)).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.CANCELLED));
    clock.set(t0.plus(Duration.ofHours(5)));
    chronos.runDue();
    assertThat(jobsOf(s)).hasSize(2);
    assertThatThrownBy(() -> chronos.schedules().archive(s.id()))
        .isInstanceOfSatisfying(
            ScheduleArchivedException.class,
            e -> assertThat(e.code()).isEqualTo("schedule_archived"));
    assertThatThrownBy(
            () -> chronos.schedules().update(s.id(), ScheduleUpdate.builder().name("x").build()))
        .isInstanceOf(ScheduleArchivedException.class);
  }

  @Test
  void updates_change_only_the_fields_given_and_a_new_cadence_restarts_from_now() {
    Schedule s = hourly("report", MisfirePolicy.FIRE_ONCE);

    Schedule renamed =
        chronos
            .schedules()
            .update(
                s.id(), ScheduleUpdate.fromJson("{\"name\": \"Renamed\", \"description\": \"d\"}"));
    assertThat(renamed.name()).isEqualTo("Renamed");
    assertThat(renamed.description()).isEqualTo("d");
    assertThat(renamed.interval()).isEqualTo(s.interval());
    assertThat(renamed.nextRunAt()).isEqualTo(s.nextRunAt());
    assertThat(renamed.version()).isEqualTo(s.version() + 1);

    clock.advance(Duration.ofMinutes(10));
    Schedule toCron =
        chronos.schedules().update(s.id(), ScheduleUpdate.builder().cron("0 12 * * *").build());
    assertThat(toCron.interval()).isNull();
    assertThat(toCron.cron()).isEqualTo("0 12 * * *");
    assertThat(toCron.nextRunAt()).isEqualTo(Instant.parse("2026-01-15T12:00:00Z"));

    assertThatThrownBy(
            () ->
                chronos
                    .schedules()
                    .update(s.id(), ScheduleUpdate.fromJson("{\"timezone\": \"Mars/Olympus\"}")))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("timezone"));
    assertThat(reload(s).version()).isEqualTo(toCron.version());
  }

  @Test
  void concurrent_updates_never_both_win_silently() throws Exception {
    Schedule s = hourly("report", MisfirePolicy.FIRE_ONCE);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int n = i;
      results.add(
          pool.submit(
              () -> {
                go.await();
                try {
                  chronos
                      .schedules()
                      .update(s.id(), ScheduleUpdate.builder().name("by " + n).build());
                  return true;
                } catch (ScheduleConflictException e) {
                  return false;
                }
              }));
    }
    go.countDown();
    int wins = 0;
    for (Future<Boolean> f : results) {
      wins += f.get() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(wins).isBetween(1, threads);
    assertThat(reload(s).version()).isEqualTo(s.version() + wins);
    // A write based on a stale read is refused by the store.
    assertThat(store.replaceSchedule(reload(s), s.version())).isFalse();
  }

  @Test
  void after_downtime_fire_once_spawns_one_job_for_the_missed_fires() {
    Schedule s = hourly("report", MisfirePolicy.FIRE_ONCE);
    clock.set(
        t0.plus(Duration.ofHours(5))
            .plus(Duration.ofMinutes(30))); // fires at +1h … +5h were missed
    chronos.runDue();

    assertThat(jobsOf(s))
        .extracting(Job::scheduledFor)
        .containsExactly(t0.plus(Duration.ofHours(5)));
    assertThat(reload(s).nextRunAt()).isEqualTo(t0.plus(Duration.ofHours(6)));
  }

  @Test
  void after_downtime_skip_spawns_nothing_for_the_missed_fires() {
    Schedule s = hourly("report", MisfirePolicy.SKIP);
    clock.set(t0.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(30)));
    chronos.runDue();

    assertThat(jobsOf(s)).isEmpty();
    assertThat(reload(s).nextRunAt()).isEqualTo(t0.plus(Duration.ofHours(6)));
    clock.set(t0.plus(Duration.ofHours(6)));
    chronos.runDue();
    assertThat(jobsOf(s))
        .extracting(Job::scheduledFor)
        .containsExactly(t0.plus(Duration.ofHours(6)));
  }

  @Test
  void after_downtime_fire_all_spawns_every_missed_fire() {
    Schedule s = hourly("report", MisfirePolicy.FIRE_ALL);
    clock.set(t0.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(30)));
    chronos.runDue();

    assertThat(jobsOf(s))
        .extracting(Job::scheduledFor)
        .containsExactly(
            t0.plus(Duration.ofHours(1)),
            t0.plus(Duration.ofHours(2)),
            t0.plus(Duration.ofHours(3)),
            t0.plus(Duration.ofHours(4)),
            t0.plus(Duration.ofHours(5)));
    assertThat(ran).hasSize(5);
  }

  @Test
  void overlap_skip_spawns_nothing_while_the_previous_job_is_unfinished() {
    Schedule s =
        chronos
            .schedules()
            .create(
                ScheduleRequest.builder()
                    .name("No overlap")
                    .handler("nobody-here")
                    .interval(1, DelayUnit.MINUTE)
                    .overlapPolicy(OverlapPolicy.SKIP)
                    .build());
    for (int i = 1; i <= 3; i++) {
      clock.set(t0.plus(Duration.ofMinutes(i)));
      chronos.runDue();
    }

    assertThat(jobsOf(s)).hasSize(1);
    assertThat(reload(s).runCount()).isEqualTo(1);
    assertThat(reload(s).nextRunAt()).isEqualTo(t0.plus(Duration.ofMinutes(4)));
  }

  @Test
  void three_nodes_racing_on_one_store_spawn_one_job_per_fire() {
    ChronosEngine b = TestNodes.inline(TestNodes.builder(store, clock).nodeId("b"));
    ChronosEngine c = TestNodes.inline(TestNodes.builder(store, clock).nodeId("c"));
    Schedule s = hourly("nobody-here", MisfirePolicy.FIRE_ONCE);
    for (int h = 1; h <= 3; h++) {
      clock.set(t0.plus(Duration.ofHours(h)));
      b.runDue();
      chronos.runDue();
      c.runDue();
    }
    b.close();
    c.close();

    assertThat(jobsOf(s))
        .extracting(Job::scheduledFor)
        .containsExactly(
            t0.plus(Duration.ofHours(1)),
            t0.plus(Duration.ofHours(2)),
            t0.plus(Duration.ofHours(3)));
  }

  @Test
  void schedule_requests_name_every_bad_field() {
    assertThatThrownBy(
            () ->
                ScheduleRequest.fromJson(
                    "{\"name\": \"\", \"timezone\": \"Nowhere/City\", \"runs\": 0,"
                        + " \"description\": \""
                        + "d".repeat(1001)
                        + "\", \"colour\": 1}"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.fields())
                    .containsExactlyInAnyOrder(
                        "colour", "runs", "name", "description", "handler", "timezone", "cron"));
    assertThatThrownBy(
            () ->
                ScheduleRequest.fromJson(
                    "{\"name\": \"n\", \"handler\": \"h\", \"cron\": \"0 0 30 2 *\"}"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.getMessage()).contains("cron never fires"));
    assertThatThrownBy(
            () ->
                ScheduleRequest.fromJson(
                    "{\"name\": \"n\", \"handler\": \"h\", \"cron\": \"* * * * *\","
                        + " \"interval\": {\"value\": 1, \"unit\": \"hour\"}}"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("cron"));
    assertThatThrownBy(
            () ->
                chronos
                    .schedules()
                    .create(
                        ScheduleRequest.builder()
                            .name("n")
                            .handler("h")
                            .interval(1, DelayUnit.HOUR)
                            .stopAt(t0.minusSeconds(1))
                            .build()))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("stop_at"));
    assertThatThrownBy(
            () ->
                chronos
                    .schedules()
                    .create(
                        ScheduleRequest.builder()
                            .name("n")
                            .handler("h")
                            .interval(1, DelayUnit.HOUR)
                            .stopAt(java.time.Instant.MAX)
                            .build()))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("stop_at"));
    assertThat(chronos.schedules().list(ScheduleQuery.all()).total()).isZero();
  }

  @Test
  void a_push_schedule_to_an_internal_address_is_refused_at_create() {
    ScheduleRequest toMetadata =
        ScheduleRequest.builder()
            .name("Exfiltrate")
            .interval(1, DelayUnit.HOUR)
            .delivery(Delivery.push("https://169.254.169.254/latest/meta-data"))
            .build();

    assertThatThrownBy(() -> chronos.schedules().create(toMetadata))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("delivery.http.url"));
    assertThat(chronos.schedules().list(ScheduleQuery.all()).total()).isZero();
  }

  @Test
  void an_update_leaving_pull_delivery_without_a_handler_is_handler_required_for_pull() {
    Schedule push =
        chronos
            .schedules()
            .create(
                ScheduleRequest.builder()
                    .name("Ping")
                    .interval(1, DelayUnit.HOUR)
                    .delivery(Delivery.push("https://93.184.216.34/hook"))
                    .build());

    assertThatThrownBy(
            () ->
                chronos
                    .schedules()
                    .update(
                        push.id(), ScheduleUpdate.fromJson("{\"delivery\": {\"type\": \"pull\"}}")))
        .isInstanceOfSatisfying(
            HandlerRequiredForPullException.class,
            e -> {
              assertThat(e.code()).isEqualTo("handler_required_for_pull");
              assertThat(e.fields()).containsExactly("handler");
              assertThat(e.scheduleId()).isEqualTo(push.id());
            });
    assertThat(reload(push)).isEqualTo(push); // nothing changed

    Schedule pulled =
        chronos
            .schedules()
            .update(
                push.id(),
                ScheduleUpdate.fromJson(
                    "{\"delivery\": {\"type\": \"pull\"}, \"handler\": \"report\"}"));
    assertThat(pulled.handler()).isEqualTo("report");
    assertThatThrownBy(
            () ->
                chronos
                    .schedules()
                    .update(push.id(), ScheduleUpdate.fromJson("{\"handler\": null}")))
        .isInstanceOf(HandlerRequiredForPullException.class);
    // With another bad field, every field is listed as a plain validation error.
    assertThatThrownBy(
            () ->
                chronos
                    .schedules()
                    .update(
                        push.id(),
                        ScheduleUpdate.fromJson(
                            "{\"handler\": null, \"timezone\": \"Mars/Olympus\"}")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e).isNotInstanceOf(HandlerRequiredForPullException.class);
              assertThat(e.code()).isEqualTo("validation_error");
              assertThat(e.fields()).contains("timezone");
            });
    assertThat(reload(push)).isEqualTo(pulled);
  }

  @Test
  void the_api_body_reads_and_writes_back() {
    ScheduleRequest r =
        ScheduleRequest.fromJson(
            "{\"name\": \"Weekday digest\", \"handler\": \"digest\", \"cron\": \"0 9 * * 1-5\","
                + " \"timezone\": \"Europe/London\", \"runs\": 10, \"timeout\": 60, \"max_retries\": 5,"
                + " \"payload\": {\"list\": \"weekly\"}, \"misfire_policy\": \"skip\"}");
    Schedule s = chronos.schedules().create(r);

    assertThat(ScheduleRequest.fromJson(r.toJson())).isEqualTo(r);
    assertThat(s.toJson().get("next_run_at").asText())
        .isEqualTo("2026-01-15T09:00:00Z".replace("15T09", "16T09"));
    assertThat(s.toJson().get("status").asText()).isEqualTo("active");
    assertThat(s.toJson().get("misfire_policy").asText()).isEqualTo("skip");
    assertThat(
            chronos
                .schedules()
                .list(ScheduleQuery.builder().statuses(ScheduleStatus.ACTIVE).build())
                .items())
        .extracting(Schedule::id)
        .containsExactly(s.id());
  }
}
