package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A schedule's key and the paused status in the API's JSON, and the key's rules. */
class ScheduleKeyJsonTest {

  @Test
  void a_key_is_read_from_and_written_to_the_api_body() {
    ScheduleRequest r =
        ScheduleRequest.fromJson(
            "{\"name\":\"Nightly\",\"handler\":\"report\",\"cron\":\"0 2 * * *\","
                + "\"key\":\"nightly-report\"}");

    assertThat(r.key()).isEqualTo("nightly-report");
    assertThat(r.toJson().get("key").asText()).isEqualTo("nightly-report");
    assertThat(ScheduleRequest.fromJson(r.toJsonWithSecrets())).isEqualTo(r);
    assertThat(r.toBuilder().build().key()).isEqualTo("nightly-report");
    assertThat(
            ScheduleRequest.fromJson("{\"name\":\"n\",\"handler\":\"h\",\"cron\":\"* * * * *\"}")
                .toJson()
                .has("key"))
        .isFalse();
  }

  @Test
  void a_blank_long_or_unstorable_key_is_a_validation_error_on_key() {
    for (String bad : new String[] {" ", "k".repeat(256), "a\u0000b"}) {
      assertThatThrownBy(
              () ->
                  ScheduleRequest.builder()
                      .name("n")
                      .handler("h")
                      .cron("* * * * *")
                      .key(bad)
                      .build())
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.fields()).containsExactly("key"));
    }
  }

  @Test
  void a_schedule_writes_its_key_and_the_paused_status() {
    Instant t = Instant.parse("2026-01-15T09:00:00Z");
    Schedule s =
        new Schedule(
            UUID.fromString("6f1c2a1e-9d7b-4c1a-8e2f-3b4c5d6e7f80"),
            "default",
            "nightly-report",
            "Nightly",
            null,
            "report",
            ScheduleStatus.PAUSED,
            "0 2 * * *",
            null,
            ZoneId.of("UTC"),
            t,
            null,
            0,
            null,
            Delivery.pull(),
            null,
            Duration.ofSeconds(30),
            3,
            MisfirePolicy.FIRE_ONCE,
            OverlapPolicy.ALLOW,
            t,
            t,
            0);

    assertThat(s.toJson().get("key").asText()).isEqualTo("nightly-report");
    assertThat(s.toJson().get("status").asText()).isEqualTo("paused");
    assertThat(ScheduleStatus.fromJson("paused")).isEqualTo(ScheduleStatus.PAUSED);
    assertThat(ScheduleStatus.PAUSED.json()).isEqualTo("paused");
  }

  @Test
  void a_schedule_query_reads_the_key_parameter_and_checks_it() {
    ScheduleQuery q =
        ScheduleQuery.fromQueryParameters(Map.of("key", "nightly-report", "status", "paused"));

    assertThat(q.key()).contains("nightly-report");
    assertThat(q.statuses()).containsExactly(ScheduleStatus.PAUSED);
    assertThat(q.toBuilder().build()).isEqualTo(q);
    assertThat(q).isNotEqualTo(ScheduleQuery.fromQueryParameters(Map.of("status", "paused")));
    assertThat(q.toString()).contains("key=nightly-report");
    assertThat(ScheduleQuery.all().key()).isEmpty();
    for (String bad : new String[] {"", " ", "k".repeat(256)}) {
      assertThatThrownBy(() -> ScheduleQuery.fromQueryParameters(Map.of("key", bad)))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.fields()).containsExactly("key"));
    }
    assertThatThrownBy(() -> ScheduleQuery.fromQueryParameters(Map.of("status", "sleeping")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.getMessage()).contains("active, paused, completed or archived"));
  }
}
