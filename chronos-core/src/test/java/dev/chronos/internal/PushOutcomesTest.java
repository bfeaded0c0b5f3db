package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.ExecutionStatus;
import dev.chronos.spi.ExecutionOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The status-to-outcome table of push delivery, without any HTTP. */
class PushOutcomesTest {
  private static final UUID ID = UUID.randomUUID();
  private static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");
  private static final Instant BACKOFF = NOW.plusSeconds(2);

  private static BoundedBody.Captured body(String text) {
    return new BoundedBody.Captured(text.getBytes(StandardCharsets.UTF_8), false);
  }

  private static ExecutionOutcome answer(int status, String retryAfter, String body) {
    return PushOutcomes.ofResponse(ID, status, retryAfter, null, body(body), NOW, BACKOFF);
  }

  @Test
  void two_hundreds_complete_with_the_body_as_json_or_text() {
    ExecutionOutcome json = answer(200, null, "{\"ok\":true}");
    assertThat(json.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(json.result().get("ok").asBoolean()).isTrue();
    assertThat(json.httpStatus()).isEqualTo(200);

    assertThat(answer(201, null, "accepted").result().asText()).isEqualTo("accepted");
    assertThat(answer(204, null, "").result()).isNull();
    assertThat(answer(200, null, "{\"a\":\"\\u0000\"}").result().get("a").asText())
        .isEqualTo("\uFFFD");
    assertThat(answer(200, null, "nul\0byte").result().asText()).isEqualTo("nul\uFFFDbyte");

    BoundedBody.Captured truncated =
        new BoundedBody.Captured("{\"long\":".getBytes(StandardCharsets.UTF_8), true);
    assertThat(PushOutcomes.result(truncated).asText()).isEqualTo("{\"long\":…");
  }

  @Test
  void server_errors_retry_with_backoff_and_client_errors_fail_at_once() {
    ExecutionOutcome e500 = answer(500, null, "database down");
    assertThat(e500.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(e500.retryAt()).isEqualTo(BACKOFF);
    assertThat(e500.error()).isEqualTo("HTTP 500: database down");
    assertThat(e500.httpStatus()).isEqualTo(500);

    for (int status : new int[] {400, 401, 403, 404, 410, 422}) {
      ExecutionOutcome e = answer(status, "60", "");
      assertThat(e.retryAt()).as("%d", status).isNull();
      assertThat(e.error()).isEqualTo("HTTP " + status);
      assertThat(e.httpStatus()).isEqualTo(status);
    }
  }

  @Test
  void redirects_fail_at_once_and_name_the_location() {
    ExecutionOutcome e =
        PushOutcomes.ofResponse(ID, 301, null, "https://new.example.com/h", body(""), NOW, BACKOFF);
    assertThat(e.retryAt()).isNull();
    assertThat(e.error()).contains("HTTP 301").contains("https://new.example.com/h");
    assertThat(e.httpStatus()).isEqualTo(301);
  }

  @Test
  void throttling_answers_retry_at_retry_after_when_it_is_later_than_the_backoff() {
    assertThat(answer(429, "120", "").retryAt()).isEqualTo(NOW.plusSeconds(120));
    assertThat(answer(408, "120", "").retryAt()).isEqualTo(NOW.plusSeconds(120));
    assertThat(answer(503, "120", "").retryAt()).isEqualTo(NOW.plusSeconds(120));
    assertThat(answer(429, "1", "").retryAt()).isEqualTo(BACKOFF);
    assertThat(answer(429, null, "").retryAt()).isEqualTo(BACKOFF);
    assertThat(answer(429, "soon", "").retryAt()).isEqualTo(BACKOFF);
    assertThat(answer(429, "Thu, 15 Jan 2026 09:10:00 GMT", "").retryAt())
        .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    assertThat(answer(429, "Thu, 15 Jan 2026 08:00:00 GMT", "").retryAt()).isEqualTo(BACKOFF);
    assertThat(answer(429, "999999999", "").retryAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void timeouts_and_network_errors_retry() {
    ExecutionOutcome timeout =
        PushOutcomes.ofError(
            ID, new HttpTimeoutException("request timed out"), Duration.ofSeconds(5), BACKOFF);
    assertThat(timeout.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(timeout.retryAt()).isEqualTo(BACKOFF);
    assertThat(timeout.error()).contains("timed out after 5 s");
    assertThat(timeout.httpStatus()).isNull();

    ExecutionOutcome refused =
        PushOutcomes.ofError(
            ID, new ConnectException("Connection refused"), Duration.ofSeconds(5), BACKOFF);
    assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(refused.retryAt()).isEqualTo(BACKOFF);
    assertThat(refused.error()).startsWith("network error: java.net.ConnectException");

    assertThat(
            PushOutcomes.ofError(ID, new IOException("reset"), Duration.ofSeconds(5), BACKOFF)
                .retryAt())
        .isEqualTo(BACKOFF);
  }
}
