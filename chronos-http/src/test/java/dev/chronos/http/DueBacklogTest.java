package dev.chronos.http;

import static dev.chronos.http.DashboardActionsTest.submit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /v1/stats}'s {@code due_backlog}: the store's runnable jobs due now (every account,
 * pull jobs of any handler, served or not), without those due later or no longer runnable, and the
 * earliest one's due time.
 */
class DueBacklogTest {
  ApiFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void the_backlog_counts_the_runnable_jobs_due_now_of_every_account(ApiFixture.Adapter adapter) {
    f = new ApiFixture(adapter);
    Http acme = f.http(f.acme);
    JsonNode empty = DashboardActionsTest.ok(acme.get("/v1/stats")).get("due_backlog");
    assertThat(empty.get("count").asLong()).isZero();
    assertThat(empty.get("exact").asBoolean()).isTrue();
    assertThat(empty.get("scope").asText()).isEqualTo("store");
    assertThat(empty.get("oldest_due_at").isNull()).isTrue();

    Instant before = Instant.now();
    // Nobody serves these handlers: the jobs stay due.
    UUID first = submit(acme, "resize", null);
    submit(acme, "resize", null);
    submit(acme, "email", null);
    submit(f.http(f.other), "email", null); // another account's: the backlog is the store's
    submit(acme, "resize", "2035-01-01T00:00:00Z"); // not due yet
    UUID cancelled = submit(acme, "email", null);
    DashboardActionsTest.ok(acme.post("/v1/jobs/" + cancelled + "/cancel", null));

    JsonNode due = DashboardActionsTest.ok(acme.get("/v1/stats")).get("due_backlog");
    assertThat(due.get("count").asLong()).isEqualTo(4);
    assertThat(due.get("exact").asBoolean()).isTrue();
    Instant oldest = Instant.parse(due.get("oldest_due_at").asText());
    assertThat(oldest).isEqualTo(f.chronos.job("acme", first).orElseThrow().runAt());
    assertThat(oldest).isAfterOrEqualTo(before.minus(Duration.ofSeconds(1)));
    assertThat(due.get("oldest_due_lag_ms").asLong()).isNotNegative();
    // A read-only key sees it too (it is a read).
    assertThat(
            DashboardActionsTest.ok(f.http(f.readOnly).get("/v1/stats"))
                .at("/due_backlog/count")
                .asLong())
        .isEqualTo(4);
  }
}
