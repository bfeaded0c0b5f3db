package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleNextFiresTest {
  private static final Instant NEXT = Instant.parse("2026-03-27T09:00:00Z");

  private static Schedule schedule(
      ScheduleStatus status,
      String cron,
      Interval interval,
      Integer runs,
      int runCount,
      Instant stopAt) {
    return new Schedule(
        java.util.UUID.randomUUID(),
        "default",
        null,
        "s",
        null,
        "h",
        status,
        cron,
        interval,
        ZoneId.of("Europe/London"),
        NEXT,
        runs,
        runCount,
        stopAt,
        Delivery.pull(),
        null,
        Duration.ofSeconds(30),
        3,
        MisfirePolicy.FIRE_ONCE,
        OverlapPolicy.ALLOW,
        NEXT.minusSeconds(3600),
        NEXT.minusSeconds(3600),
        0);
  }

  @Test
  void cron_fires_follow_the_zone_across_a_dst_change() {
    Schedule s = schedule(ScheduleStatus.ACTIVE, "0 9 * * *", null, null, 0, null);
    // London moves to summer time on 29 March 2026: 09:00 local is 09:00Z, then 08:00Z.
    assertThat(s.nextFires(4))
        .containsExactly(
            NEXT,
            Instant.parse("2026-03-28T09:00:00Z"),
            Instant.parse("2026-03-29T08:00:00Z"),
            Instant.parse("2026-03-30T08:00:00Z"));
    assertThat(s.cadenceDescription()).isEqualTo("every day at 09:00, Europe/London");
  }

  @Test
  void runs_left_and_stop_at_end_the_list() {
    Interval hourly = Interval.of(1, DelayUnit.HOUR);
    assertThat(schedule(ScheduleStatus.ACTIVE, null, hourly, 5, 3, null).nextFires(5))
        .containsExactly(NEXT, NEXT.plusSeconds(3600));
    assertThat(
            schedule(ScheduleStatus.ACTIVE, null, hourly, null, 0, NEXT.plusSeconds(3 * 3600))
                .nextFires(5))
        .containsExactly(NEXT, NEXT.plusSeconds(3600), NEXT.plusSeconds(7200));
    assertThat(schedule(ScheduleStatus.PAUSED, null, hourly, null, 0, null).nextFires(2))
        .containsExactly(NEXT, NEXT.plusSeconds(3600));
    assertThat(schedule(ScheduleStatus.ARCHIVED, null, hourly, null, 0, null).nextFires(2))
        .isEmpty();
    assertThat(schedule(ScheduleStatus.ACTIVE, null, hourly, null, 0, null).cadenceDescription())
        .isEqualTo("every hour");
    assertThatThrownBy(
            () -> schedule(ScheduleStatus.ACTIVE, null, hourly, null, 0, null).nextFires(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
