package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Delivery;
import dev.chronos.ExecutionTrigger;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.spi.JobStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The trigger of a submitted job's first attempt was renamed from api to submit. */
class LegacyTriggerTest {
  private static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  @Test
  void a_first_attempt_is_stored_as_submit_and_rows_stored_as_api_still_read_as_submit()
      throws Exception {
    String url = "jdbc:h2:mem:chronos-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (JobStore store = JdbcJobStore.builder().jdbcUrl(url, "sa", "").build();
        Connection sql = DriverManager.getConnection(url, "sa", "")) {
      UUID id = UUID.randomUUID();
      store.insert(
          new Job(
              id,
              "default",
              "n",
              "h",
              null,
              JobStatus.PENDING,
              NOW,
              NOW,
              NOW,
              NOW,
              0,
              3,
              Duration.ofSeconds(30),
              Delivery.pull(),
              null,
              null,
              null,
              null));
      store.claim(List.of(id), "node", NOW, Duration.ZERO);

      try (Statement s = sql.createStatement();
          ResultSet rs = s.executeQuery("SELECT trigger_type FROM chronos_executions")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("submit");
      }
      try (Statement s = sql.createStatement()) {
        s.executeUpdate("UPDATE chronos_executions SET trigger_type = 'api'");
      }

      assertThat(store.executions(id))
          .singleElement()
          .satisfies(e -> assertThat(e.trigger()).isEqualTo(ExecutionTrigger.SUBMIT));
    }
  }
}
