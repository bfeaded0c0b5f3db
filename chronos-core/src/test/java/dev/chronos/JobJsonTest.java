package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobJsonTest {

  @Test
  void writes_the_api_snake_case_fields_with_iso_times() {
    UUID id = UUID.randomUUID();
    Instant at = Instant.parse("2026-01-15T09:00:00.123456Z");
    Job job =
        new Job(
            id,
            "default",
            "Send follow-up",
            "send-email",
            Json.toTree(Map.of("userId", "usr_123")),
            JobStatus.RETRYING,
            at,
            at.plusSeconds(2),
            at,
            at.plusSeconds(1),
            1,
            3,
            Duration.ofSeconds(60),
            Delivery.push("https://example.com/h", "POST", Map.of("A", "b")),
            "follow-up-usr_123",
            null,
            "boom",
            null);

    JsonNode json = job.toJson();

    assertThat(json.get("id").asText()).isEqualTo(id.toString());
    assertThat(json.get("status").asText()).isEqualTo("retrying");
    assertThat(json.get("scheduled_for").asText()).isEqualTo("2026-01-15T09:00:00.123456Z");
    assertThat(json.get("run_at").asText()).isEqualTo("2026-01-15T09:00:02.123456Z");
    assertThat(json.get("timeout").asLong()).isEqualTo(60);
    assertThat(json.get("max_retries").asInt()).isEqualTo(3);
    assertThat(json.get("idempotency_key").asText()).isEqualTo("follow-up-usr_123");
    assertThat(json.get("schedule_id").isNull()).isTrue();
    assertThat(json.get("last_error").asText()).isEqualTo("boom");
    assertThat(json.at("/delivery/http/headers/A").asText()).isEqualTo("[redacted]");
    assertThat(job.toJsonWithSecrets().at("/delivery/http/headers/A").asText()).isEqualTo("b");
    assertThat(json.at("/payload/userId").asText()).isEqualTo("usr_123");
  }

  @Test
  void writes_executions_in_snake_case() {
    Instant at = Instant.parse("2026-01-15T09:00:00Z");
    Execution e =
        new Execution(
            UUID.randomUUID(),
            UUID.randomUUID(),
            2,
            ExecutionTrigger.SYSTEM_RETRY,
            ExecutionStatus.TIMED_OUT,
            at,
            at.plusSeconds(30),
            at.plusSeconds(40),
            "timed out",
            null,
            "node-1",
            504);

    JsonNode json = e.toJson();

    assertThat(json.get("trigger").asText()).isEqualTo("system_retry");
    assertThat(json.get("status").asText()).isEqualTo("timed_out");
    assertThat(json.get("finished_at").asText()).isEqualTo("2026-01-15T09:00:30Z");
    assertThat(json.get("http_status").asInt()).isEqualTo(504);
  }
}
