package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.JobRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
}
