package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.Delivery;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.spi.JobStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Jobs stored before schema V7 have no payload fingerprint: a get-or-create that requires the same
 * payload compares the stored payload's instead.
 */
class LegacyFingerprintTest {
  private static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Job job(String payload) throws Exception {
    return new Job(
        UUID.randomUUID(),
        "default",
        "n",
        "h",
        JSON.readTree(payload),
        JobStatus.PENDING,
        NOW,
        NOW,
        NOW,
        NOW,
        0,
        3,
        Duration.ofSeconds(30),
        Delivery.pull(),
        "k",
        null,
        null,
        null);
  }

  @Test
  void a_holder_without_a_fingerprint_is_compared_by_its_stored_payload() throws Exception {
    String url = "jdbc:h2:mem:chronos-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (JobStore store = JdbcJobStore.builder().jdbcUrl(url, "sa", "").build();
        Connection sql = DriverManager.getConnection(url, "sa", "")) {
      Job holder = job("{\"user\":\"usr_1\",\"n\":1}");
      store.insert(holder);
      try (Statement s = sql.createStatement();
          ResultSet rs = s.executeQuery("SELECT payload_fingerprint FROM chronos_jobs")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).hasSize(64);
      }
      try (Statement s = sql.createStatement()) {
        s.executeUpdate("UPDATE chronos_jobs SET payload_fingerprint = NULL"); // as before V7
      }

      assertThat(store.insertIfAbsent(job("{\"n\":1.0,\"user\":\"usr_1\"}"), true))
          .map(Job::id)
          .contains(holder.id());
      assertThatThrownBy(() -> store.insertIfAbsent(job("{\"user\":\"usr_2\",\"n\":1}"), true))
          .isInstanceOf(IdempotencyKeyConflictException.class);
    }
  }
}
