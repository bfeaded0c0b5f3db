package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Push header values and URL query strings never reach a log line unless asked for. */
class SecretsRedactionTest {
  private static final String TOKEN = "sk_live_51Habc";
  private static final String QUERY_SECRET = "tok_9f8e7d";
  private static final Delivery.Push PUSH =
      Delivery.push(
          "https://example.com/hooks/charge?token=" + QUERY_SECRET + "#frag",
          "POST",
          Map.of("Authorization", "Bearer " + TOKEN));
  private static final Instant T = Instant.parse("2026-01-15T09:00:00Z");

  private static void assertRedacted(String text) {
    assertThat(text)
        .doesNotContain(TOKEN)
        .doesNotContain(QUERY_SECRET)
        .doesNotContain("frag")
        .contains("[redacted]")
        .contains("https://example.com/hooks/charge")
        .contains("Authorization");
  }

  private static void assertComplete(JsonNode json) {
    JsonNode http = json.get("delivery").get("http");
    assertThat(http.get("url").asText()).endsWith("?token=" + QUERY_SECRET + "#frag");
    assertThat(http.get("headers").get("Authorization").asText()).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void a_push_delivery_prints_no_header_value_and_no_query_string() {
    assertRedacted(PUSH.toString());
    assertThat(PUSH.headers()).containsEntry("Authorization", "Bearer " + TOKEN);
    assertThat(PUSH.url()).contains(QUERY_SECRET);
  }

  @Test
  void a_job_request_redacts_in_to_string_and_to_json_and_gives_everything_when_asked() {
    JobRequest request = JobRequest.builder().name("charge").delivery(PUSH).build();

    assertRedacted(request.toString());
    assertRedacted(request.toJson().toString());
    assertComplete(request.toJsonWithSecrets());
    assertThat(JobRequest.fromJson(request.toJsonWithSecrets())).isEqualTo(request);
  }

  @Test
  void a_job_redacts_in_to_string_and_to_json_and_gives_everything_when_asked() {
    Job job =
        new Job(
            UUID.randomUUID(),
            "default",
            "charge",
            null,
            null,
            JobStatus.PENDING,
            T,
            T,
            T,
            T,
            0,
            3,
            Duration.ofSeconds(30),
            PUSH,
            null,
            null,
            null,
            null);

    assertRedacted(job.toString());
    assertRedacted(job.toJson().toString());
    assertComplete(job.toJsonWithSecrets());
  }

  @Test
  void a_schedule_and_its_request_and_update_redact_in_to_string_and_to_json() {
    ScheduleRequest request =
        ScheduleRequest.builder().name("charge").cron("0 * * * *").delivery(PUSH).build();
    assertRedacted(request.toString());
    assertRedacted(request.toJson().toString());
    assertComplete(request.toJsonWithSecrets());
    assertThat(ScheduleRequest.fromJson(request.toJsonWithSecrets())).isEqualTo(request);

    Schedule schedule =
        new Schedule(
            UUID.randomUUID(),
            "default",
            "charge",
            null,
            null,
            ScheduleStatus.ACTIVE,
            "0 * * * *",
            null,
            ZoneId.of("UTC"),
            T,
            null,
            0,
            null,
            PUSH,
            null,
            Duration.ofSeconds(30),
            3,
            MisfirePolicy.FIRE_ONCE,
            OverlapPolicy.ALLOW,
            T,
            T,
            1);
    assertRedacted(schedule.toString());
    assertRedacted(schedule.toJson().toString());
    assertComplete(schedule.toJsonWithSecrets());

    ScheduleUpdate update = ScheduleUpdate.builder().delivery(PUSH).build();
    assertRedacted(update.toString());
    assertRedacted(update.toJson().toString());
    assertComplete(update.toJsonWithSecrets());
  }

  @Test
  void an_update_applies_the_real_secrets_not_the_redacted_ones() {
    ScheduleRequest current =
        ScheduleRequest.builder().name("charge").cron("0 * * * *").delivery(PUSH).build();

    ScheduleRequest changed = ScheduleUpdate.builder().name("renamed").build().applyTo(current);

    assertThat(changed.delivery()).isEqualTo(PUSH);
  }
}
