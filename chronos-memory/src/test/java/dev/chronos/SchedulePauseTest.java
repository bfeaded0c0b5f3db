package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pausing and resuming schedules under a manual clock: nothing spawns while paused, and on resume
 * the misfire policy decides about the fires missed meanwhile, as after downtime.
 */
class SchedulePauseTest {
  private final MutableClock clock = MutableClock.fixed(); // 2026-01-15T09:00:00Z
  private final Instant t0 = clock.instant();
  private final ChronosEngine chronos =
      TestNodes.inline(
          TestNodes.builder(new InMemoryJobStore(), clock).handler("report", ctx -> "ok"));

  @AfterEach
  void close() {
    chronos.close();
  }

  private Schedule hourly(MisfirePolicy misfire) {
    return chronos
        .schedules()
        .create(
            ScheduleRequest.builder()
                .name("Hourly report")
                .handler("report")
                .interval(1, DelayUnit.HOUR)
                .misfirePolicy(misfire)
                .payload(Map.of("kind", "hourly"))
                .build());
  }

  private List<Instant> fireTimes(Schedule s) {
    return chronos.jobs(JobQuery.builder().scheduleId(s.id()).size(100).build()).items().stream()
        .map(Job::scheduledFor)
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  private Schedule reload(Schedule s) {
    return chronos.schedules().get(s.id()).orElseThrow();
  }

  /** Moves the clock hour by hour to {@code end}, running the node at each step. */
  private void runHourlyUntil(Instant end) {
    while (clock.instant().isBefore(end)) {
      clock.advance(Duration.ofMinutes(30));
      chronos.runDue();
    }
  }

  private Instant hour(int n) {
    return t0.plus(Duration.ofHours(n));
  }

  @Test
  void a_paused_schedule_spawns_nothing_for_its_paused_period() {
    Schedule s = hourly(MisfirePolicy.FIRE_ONCE);
    runHourlyUntil(hour(1));
    assertThat(fireTimes(s)).containsExactly(hour(1));

    Schedule paused = chronos.schedules().pause(s.id());
    runHourlyUntil(hour(5));

    assertThat(paused.status()).isEqualTo(ScheduleStatus.PAUSED);
    assertThat(paused.toJson().get("status").asText()).isEqualTo("paused");
    assertThat(paused.nextRunAt()).isEqualTo(hour(2));
    assertThat(fireTimes(s)).containsExactly(hour(1));
    assertThat(reload(s).runCount()).isEqualTo(1);
  }

  @Test
  void resume_with_fire_once_spawns_one_job_for_the_latest_missed_fire_then_keeps_the_cadence() {
    Schedule s = hourly(MisfirePolicy.FIRE_ONCE);
    chronos.schedules().pause(s.id());
    clock.set(hour(4).plus(Duration.ofMinutes(10)));
    chronos.runDue();

    Schedule resumed = chronos.schedules().resume(s.id());
    chronos.runDue();

    assertThat(resumed.status()).isEqualTo(ScheduleStatus.ACTIVE);
    assertThat(fireTimes(s)).containsExactly(hour(4));
    assertThat(reload(s).nextRunAt()).isEqualTo(hour(5));
    runHourlyUntil(hour(5));
    assertThat(fireTimes(s)).containsExactly(hour(4), hour(5));
  }

  @Test
  void resume_with_skip_spawns_nothing_for_the_missed_fires() {
    Schedule s = hourly(MisfirePolicy.SKIP);
    chronos.schedules().pause(s.id());
    clock.set(hour(3).plus(Duration.ofMinutes(30)));

    chronos.schedules().resume(s.id());
    chronos.runDue();

    assertThat(fireTimes(s)).isEmpty();
    assertThat(reload(s).nextRunAt()).isEqualTo(hour(4));
  }

  @Test
  void resume_with_fire_all_spawns_one_job_per_missed_fire() {
    Schedule s = hourly(MisfirePolicy.FIRE_ALL);
    chronos.schedules().pause(s.id());
    clock.set(hour(3).plus(Duration.ofMinutes(30)));

    chronos.schedules().resume(s.id());
    chronos.runDue();

    assertThat(fireTimes(s)).containsExactly(hour(1), hour(2), hour(3));
    assertThat(reload(s).nextRunAt()).isEqualTo(hour(4));
  }

  @Test
  void a_fire_less_than_a_minute_late_on_resume_is_not_missed() {
    Schedule s = hourly(MisfirePolicy.SKIP);
    chronos.schedules().pause(s.id());
    clock.set(hour(1).plusSeconds(30));

    chronos.schedules().resume(s.id());
    chronos.runDue();

    assertThat(fireTimes(s)).containsExactly(hour(1));
  }

  @Test
  void pause_and_resume_are_idempotent_and_refuse_ended_schedules() {
    Schedule s = hourly(MisfirePolicy.FIRE_ONCE);
    Schedule paused = chronos.schedules().pause(s.id());
    assertThat(chronos.schedules().pause(s.id())).isEqualTo(paused);
    Schedule resumed = chronos.schedules().resume(s.id());
    assertThat(chronos.schedules().resume(s.id())).isEqualTo(resumed);
    assertThat(resumed.version()).isEqualTo(2);

    chronos.schedules().archive(s.id());
    assertThatThrownBy(() -> chronos.schedules().pause(s.id()))
        .isInstanceOf(ScheduleArchivedException.class);
    assertThatThrownBy(() -> chronos.schedules().resume(s.id()))
        .isInstanceOf(ScheduleArchivedException.class);
    assertThatThrownBy(() -> chronos.schedules().pause(java.util.UUID.randomUUID()))
        .isInstanceOf(ScheduleNotFoundException.class);
  }

  @Test
  void an_update_of_a_paused_schedule_keeps_it_paused() {
    Schedule s = hourly(MisfirePolicy.FIRE_ONCE);
    chronos.schedules().pause(s.id());

    Schedule updated =
        chronos
            .schedules()
            .update(
                s.id(), ScheduleUpdate.fromJson("{\"interval\":{\"value\":2,\"unit\":\"hour\"}}"));

    assertThat(updated.status()).isEqualTo(ScheduleStatus.PAUSED);
    assertThat(updated.nextRunAt()).isEqualTo(hour(2));
    runHourlyUntil(hour(3));
    assertThat(fireTimes(s)).isEmpty();
  }

  @Test
  void archiving_a_paused_schedule_cancels_its_pending_jobs() {
    Schedule s =
        chronos
            .schedules()
            .create(
                ScheduleRequest.builder()
                    .name("For another node")
                    .handler("elsewhere")
                    .interval(1, DelayUnit.HOUR)
                    .build());
    clock.set(hour(1));
    chronos.runDue();
    chronos.schedules().pause(s.id());

    Schedule archived = chronos.schedules().archive(s.id());

    assertThat(archived.status()).isEqualTo(ScheduleStatus.ARCHIVED);
    assertThat(chronos.jobs(JobQuery.builder().scheduleId(s.id()).build()).items())
        .singleElement()
        .satisfies(j -> assertThat(j.status()).isEqualTo(JobStatus.CANCELLED));
  }
}
