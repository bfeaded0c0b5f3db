package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.DelayUnit;
import dev.chronos.Delivery;
import dev.chronos.Interval;
import dev.chronos.MisfirePolicy;
import dev.chronos.OverlapPolicy;
import dev.chronos.Schedule;
import dev.chronos.ScheduleStatus;
import dev.chronos.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JDBC store's answers to operations given nothing to work on. */
class JdbcOperationsEdgesTest {
  private static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");
  private final JobStore store =
      JdbcJobStore.builder()
          .jdbcUrl("jdbc:h2:mem:chronos-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000", "sa", "")
          .build();

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void bulk_operations_on_no_ids_change_nothing_and_send_nothing() {
    assertThat(store.retryAll(List.of(), NOW)).isEmpty();
    assertThat(store.cancelAll(List.of(), NOW)).isEmpty();
  }

  @Test
  void a_schedule_without_a_key_cannot_be_inserted_if_absent() {
    Schedule unkeyed =
        new Schedule(
            UUID.randomUUID(),
            "default",
            "Unkeyed",
            null,
            "report",
            ScheduleStatus.ACTIVE,
            null,
            Interval.of(1, DelayUnit.HOUR),
            ZoneId.of("UTC"),
            NOW.plusSeconds(3_600),
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

    assertThatThrownBy(() -> store.insertScheduleIfAbsent(unkeyed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no key");
    assertThat(store.findSchedule(unkeyed.id())).isEmpty();
  }
}
