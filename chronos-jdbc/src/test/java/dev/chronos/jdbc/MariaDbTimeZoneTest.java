package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's {@code DATETIME(6)} columns hold UTC whatever the JVM's default zone and the session's
 * {@code time_zone}: written by a JVM in Tokyo through a session in {@code +05:30}, the stored text
 * is the UTC time, and a store whose session is in {@code -08:00} reads the same instant.
 */
class MariaDbTimeZoneTest {
  private static final Instant RUN_AT = Instant.parse("2026-03-29T01:30:00.123456Z");

  private TimeZone saved;
  private String prefix;

  @BeforeEach
  void tokyo() {
    MariaDbDatabase.require();
    saved = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
    prefix = MariaDbDatabase.uniquePrefix();
  }

  @AfterEach
  void restore() {
    TimeZone.setDefault(saved);
    MariaDbDatabase.drop(prefix);
  }

  @Test
  void instants_are_stored_as_utc_and_read_back_through_any_session_time_zone() throws Exception {
    Job job =
        new Job(
            UUID.randomUUID(),
            "default",
            "tz",
            "work",
            null,
            JobStatus.PENDING,
            RUN_AT,
            RUN_AT,
            RUN_AT.minusSeconds(60),
            RUN_AT.minusSeconds(60),
            0,
            3,
            Duration.ofSeconds(30),
            Delivery.pull(),
            null,
            null,
            null,
            null);
    try (JdbcJobStore writer =
        JdbcJobStore.builder()
            .jdbcUrl(MariaDbDatabase.URL, MariaDbDatabase.USER, MariaDbDatabase.PASSWORD)
            .tablePrefix(prefix)
            .maxPoolSize(2)
            .build()) {
      assertThat(MariaDbDatabase.URL).contains("+05:30");
      writer.insert(job);
      assertThat(writer.find(job.id()).orElseThrow().runAt()).isEqualTo(RUN_AT);
    }

    String otherSession =
        MariaDbDatabase.URL.contains("?")
            ? MariaDbDatabase.URL.substring(0, MariaDbDatabase.URL.indexOf('?'))
                + "?sessionVariables=time_zone='-08:00'"
            : MariaDbDatabase.URL + "?sessionVariables=time_zone='-08:00'";
    try (Connection c =
            DriverManager.getConnection(
                otherSession, MariaDbDatabase.USER, MariaDbDatabase.PASSWORD);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT CAST(run_at AS CHAR), @@session.time_zone FROM "
                    + prefix
                    + "jobs"
                    + " WHERE id = ?")) {
      st.setString(1, job.id().toString());
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).isEqualTo("-08:00");
        assertThat(rs.getString(1)).isEqualTo("2026-03-29 01:30:00.123456");
      }
    }
    try (JdbcJobStore reader =
        JdbcJobStore.builder()
            .jdbcUrl(otherSession, MariaDbDatabase.USER, MariaDbDatabase.PASSWORD)
            .tablePrefix(prefix)
            .maxPoolSize(2)
            .build()) {
      Job read = reader.find(job.id()).orElseThrow();
      assertThat(read.runAt()).isEqualTo(RUN_AT);
      assertThat(read.createdAt()).isEqualTo(RUN_AT.minusSeconds(60));
      // Due by the UTC instant, not by a wall clock of any zone.
      assertThat(
              reader.claimDue(
                  dev.chronos.spi.JobSelector.handlers(java.util.Set.of("work")),
                  10,
                  "n",
                  RUN_AT.minusMillis(1),
                  Duration.ofSeconds(5)))
          .isEmpty();
      assertThat(
              reader.claimDue(
                  dev.chronos.spi.JobSelector.handlers(java.util.Set.of("work")),
                  10,
                  "n",
                  RUN_AT,
                  Duration.ofSeconds(5)))
          .hasSize(1);
    }
  }
}
