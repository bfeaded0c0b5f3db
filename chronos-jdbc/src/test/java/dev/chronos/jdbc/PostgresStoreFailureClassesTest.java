package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.jdbc.internal.FailureClassifier;
import dev.chronos.jdbc.internal.FailureKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The failure classes on the machine's PostgreSQL server, and PostgreSQL's own errors, provoked for
 * real, as the classifier sorts them.
 */
class PostgresStoreFailureClassesTest extends StoreFailureClassesTest {
  private static final FailureClassifier PG = FailureClassifier.of(Dialect.POSTGRESQL);

  private String prefix;

  @Override
  JdbcJobStore openStore() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
    return reopenStore();
  }

  @Override
  JdbcJobStore reopenStore() {
    return JdbcJobStore.builder()
        .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
        .tablePrefix(prefix)
        .maxPoolSize(2)
        .build();
  }

  @Override
  JdbcJobStore.Builder unreachable() {
    return JdbcJobStore.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:1/test", "postgres", "");
  }

  @Override
  void dropSchema() {
    if (prefix != null) {
      PostgresDatabase.drop(prefix);
    }
  }

  @Test
  void u0000_in_text_and_in_jsonb_is_rejected() throws Exception {
    try (Connection c = PostgresDatabase.dataSource().getConnection()) {
      assertThat(failure(c, "SELECT CAST(? AS text)", "bad \u0000 byte"))
          .as("22021 invalid byte sequence")
          .isEqualTo(FailureKind.REJECTED);
      assertThat(failure(c, "SELECT CAST(? AS jsonb)", "{\"a\": \"\\u0000\"}"))
          .as("22P05 unsupported Unicode escape")
          .isEqualTo(FailureKind.REJECTED);
    }
  }

  @Test
  void constraint_violations_and_values_too_long_are_rejected() throws Exception {
    try (Connection c = PostgresDatabase.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TEMPORARY TABLE t (id int PRIMARY KEY, name varchar(3) NOT NULL)");
      st.execute("INSERT INTO t VALUES (1, 'a')");

      assertThat(failure(st, "INSERT INTO t VALUES (1, 'b')")).isEqualTo(FailureKind.REJECTED);
      assertThat(failure(st, "INSERT INTO t VALUES (2, NULL)")).isEqualTo(FailureKind.REJECTED);
      assertThat(failure(st, "INSERT INTO t VALUES (2, 'abcd')")).isEqualTo(FailureKind.REJECTED);
      assertThat(failure(st, "SELECT CAST('x' AS int)")).isEqualTo(FailureKind.REJECTED);
      st.execute("DROP TABLE t");
    }
  }

  @Test
  void lock_timeouts_cancelled_statements_and_read_only_transactions_are_unavailable()
      throws Exception {
    try (Connection holder = PostgresDatabase.dataSource().getConnection();
        Connection waiter = PostgresDatabase.dataSource().getConnection();
        Statement hold = holder.createStatement();
        Statement wait = waiter.createStatement()) {
      String table = prefix + "locks";
      hold.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v int)");
      try {
        hold.execute("INSERT INTO " + table + " VALUES (1, 0)");
        holder.setAutoCommit(false);
        hold.executeUpdate("UPDATE " + table + " SET v = 1 WHERE id = 1");
        waiter.setAutoCommit(false);
        wait.execute("SET LOCAL lock_timeout = '50ms'");

        assertThat(failure(wait, "UPDATE " + table + " SET v = 2 WHERE id = 1"))
            .as("55P03 lock_not_available")
            .isEqualTo(FailureKind.UNAVAILABLE);
        waiter.rollback();
        wait.execute("SET LOCAL statement_timeout = '20ms'");
        assertThat(failure(wait, "SELECT pg_sleep(2)"))
            .as("57014 query_canceled")
            .isEqualTo(FailureKind.UNAVAILABLE);
        waiter.rollback();
        wait.execute("SET TRANSACTION READ ONLY");
        assertThat(failure(wait, "INSERT INTO " + table + " VALUES (3, 0)"))
            .as("25006 read_only_sql_transaction")
            .isEqualTo(FailureKind.UNAVAILABLE);
        waiter.rollback();
        assertThat(failure(wait, "SELECT * FROM " + prefix + "missing"))
            .as("42P01 undefined_table: a schema not migrated")
            .isEqualTo(FailureKind.UNAVAILABLE);
        waiter.rollback();
        holder.rollback();
      } finally {
        waiter.setAutoCommit(true);
        holder.setAutoCommit(true);
        hold.execute("DROP TABLE " + table);
      }
    }
  }

  @Test
  void a_serialization_failure_is_a_conflict_to_run_again() throws Exception {
    try (Connection first = PostgresDatabase.dataSource().getConnection();
        Connection second = PostgresDatabase.dataSource().getConnection();
        Statement a = first.createStatement();
        Statement b = second.createStatement()) {
      String table = prefix + "serial";
      a.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v int)");
      try {
        a.execute("INSERT INTO " + table + " VALUES (1, 0)");
        for (Connection c : new Connection[] {first, second}) {
          c.setAutoCommit(false);
          c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        }
        a.executeQuery("SELECT v FROM " + table + " WHERE id = 1").close();
        b.executeQuery("SELECT v FROM " + table + " WHERE id = 1").close();
        a.executeUpdate("UPDATE " + table + " SET v = 1 WHERE id = 1");
        first.commit();

        assertThat(failure(b, "UPDATE " + table + " SET v = 2 WHERE id = 1"))
            .as("40001 serialization_failure")
            .isEqualTo(FailureKind.CONFLICT);
        second.rollback();
      } finally {
        for (Connection c : new Connection[] {first, second}) {
          c.setAutoCommit(true);
          c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        a.execute("DROP TABLE " + table);
      }
    }
  }

  private static FailureKind failure(Statement st, String sql) {
    try {
      st.execute(sql);
    } catch (SQLException e) {
      return PG.classify(e);
    }
    throw new AssertionError("expected " + sql + " to fail");
  }

  private static FailureKind failure(Connection c, String sql, String value) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, value);
      st.execute();
    } catch (SQLException e) {
      return PG.classify(e);
    }
    throw new AssertionError("expected " + sql + " to fail");
  }
}
