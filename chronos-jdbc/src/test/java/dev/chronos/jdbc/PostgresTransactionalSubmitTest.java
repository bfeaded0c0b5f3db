package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.Chronos;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobValidationException;
import dev.chronos.OnConflict;
import dev.chronos.Submission;
import dev.chronos.spi.JobStore;
import dev.chronos.testing.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Transactional submit on PostgreSQL: the NOTIFY sent in the caller's transaction reaches this
 * node's own listener at commit. Also the aborted-transaction case, which only PostgreSQL has.
 */
class PostgresTransactionalSubmitTest extends SharedServerTransactionalSubmitTest {
  @Override
  SharedDatabase server() {
    return PostgresDatabase.SERVER;
  }

  @Test
  void a_transaction_that_already_failed_gets_a_clear_error_and_nothing_is_stored()
      throws Exception {
    try (Connection c = callerConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SELECT 1 / 0");
      } catch (SQLException expected) {
        // The caller's own failure: PostgreSQL has aborted the transaction.
      }
      assertThatThrownBy(
              () ->
                  chronos.submit(
                      c,
                      JobRequest.builder()
                          .name("Charge")
                          .handler("charge")
                          .payload(java.util.Map.of("order", "o-aborted"))
                          .build()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already failed");
      assertThat(c.getAutoCommit()).isFalse();
      c.rollback();
    }
    assertThat(jobCount()).isZero();
  }

  @Test
  void a_transaction_made_read_only_in_sql_gets_a_clear_error_and_nothing_is_stored()
      throws Exception {
    try (Connection c = callerConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SET TRANSACTION READ ONLY");
      }
      assertThatThrownBy(
              () ->
                  chronos.submit(
                      c,
                      JobRequest.builder()
                          .name("Charge")
                          .handler("charge")
                          .payload(java.util.Map.of("order", "o-read-only"))
                          .build()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("read-only");
      assertThat(c.getAutoCommit()).isFalse();
      c.rollback();
    }
    assertThat(jobCount()).isZero();
  }

  @Test
  void a_late_replay_in_a_transaction_gets_the_holder_and_the_transaction_goes_on()
      throws Exception {
    Instant at = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
    JobRequest.Builder webhook =
        JobRequest.builder()
            .name("Charge o-late")
            .handler("charge")
            .scheduledFor(at)
            .payload(Map.of("order", "o-late"));
    Job holder = chronos.submit(webhook.idempotencyKey("late-1").build());
    JobStore sameTables =
        JdbcJobStore.builder()
            .dataSource(PostgresDatabase.dataSource())
            .tablePrefix(prefix)
            .build();
    // A node whose clock is past the request's scheduled_for: the replay comes late.
    try (Chronos late =
            Chronos.builder()
                .nodeId("late")
                .store(sameTables)
                .clock(MutableClock.at(at.plus(Duration.ofMinutes(5))))
                .build();
        Connection c = callerConnection()) {
      c.setAutoCommit(false);
      Submission again =
          late.submit(c, webhook.idempotencyKey("late-1").build(), OnConflict.RETURN_EXISTING);
      assertThat(again.created()).isFalse();
      assertThat(again.job().id()).isEqualTo(holder.id());
      assertThatThrownBy(() -> late.submit(c, webhook.idempotencyKey("late-1").build()))
          .isInstanceOfSatisfying(
              IdempotencyKeyConflictException.class,
              e -> assertThat(e.existingJobId()).isEqualTo(holder.id()));
      // A new key with a past time is refused, and the caller's transaction is not aborted.
      assertThatThrownBy(
              () ->
                  late.submit(
                      c, webhook.idempotencyKey("late-2").build(), OnConflict.RETURN_EXISTING))
          .isInstanceOf(JobValidationException.class);
      try (Statement st = c.createStatement()) {
        st.execute("SELECT 1");
      }
      c.commit();
    }
    assertThat(jobCount()).isEqualTo(1);
  }

  @Test
  void
      a_completion_in_a_transaction_that_already_failed_is_refused_and_the_attempt_ends_as_returned()
          throws Exception {
    Job done = shipOn("o-aborted-complete", "aborted");
    assertThat(refusals.get("o-aborted-complete"))
        .startsWith("IllegalStateException")
        .contains("already failed");
    assertThat(done.result().get("returned").asText()).isEqualTo("o-aborted-complete");
    assertThat(chronos.executions(done.id())).hasSize(1);
  }
}
