package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A purge waiting for the row lock of a failed job that another transaction is retrying (failed to
 * retrying) must not delete it once that transaction commits: H2 reads the batch's ids before it
 * waits and does not check them again on the locked row, so the purge statement repeats its
 * conditions.
 */
class H2PurgeRaceTest {
  @TempDir Path dir;

  @Test
  void a_job_retried_while_the_purge_waits_for_its_row_is_not_deleted() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("race") + ";LOCK_TIMEOUT=30000");
    try (JdbcJobStore store = JdbcJobStore.builder().dataSource(ds).build()) {
      Instant old = Instant.parse("2026-01-01T00:00:00Z");
      UUID retried = UUID.randomUUID();
      UUID stale = UUID.randomUUID();
      for (UUID id : new UUID[] {retried, stale}) {
        store.insert(job(id, old));
      }
      try (Connection setup = ds.getConnection();
          PreparedStatement failed =
              setup.prepareStatement(
                  "UPDATE chronos_jobs SET status = 'failed', updated_at = ? WHERE id IN (?, ?)")) {
        failed.setTimestamp(1, Timestamp.from(old));
        failed.setObject(2, retried);
        failed.setObject(3, stale);
        assertThat(failed.executeUpdate()).isEqualTo(2);
      }

      try (Connection retry = ds.getConnection()) {
        retry.setAutoCommit(false);
        try (PreparedStatement s =
            retry.prepareStatement(
                "UPDATE chronos_jobs SET status = 'retrying', updated_at = ? WHERE id = ?"
                    + " AND status = 'failed'")) {
          s.setTimestamp(1, Timestamp.from(Instant.now()));
          s.setObject(2, retried);
          assertThat(s.executeUpdate()).isEqualTo(1);
        }
        CompletableFuture<Integer> purge =
            CompletableFuture.supplyAsync(
                () -> store.purge(Set.of(JobStatus.FAILED), old.plusSeconds(60), 100));
        // The purge is waiting for the retried job's row lock: some session is blocked.
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> blockedSessions(retry) > 0 || purge.isDone());
        retry.commit();
        assertThat(purge.get()).isEqualTo(1);
      }

      assertThat(store.find(stale)).isEmpty();
      assertThat(store.find(retried))
          .hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.RETRYING));
    }
  }

  private static int blockedSessions(Connection c) throws Exception {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Job job(UUID id, Instant at) {
    return new Job(
        id,
        "default",
        "n",
        "work",
        null,
        JobStatus.PENDING,
        at,
        at,
        at,
        at,
        0,
        3,
        Duration.ofSeconds(30),
        Delivery.pull(),
        null,
        null,
        null,
        null);
  }
}
