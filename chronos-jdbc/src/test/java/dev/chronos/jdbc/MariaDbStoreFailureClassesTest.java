package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.jdbc.internal.FailureClassifier;
import dev.chronos.jdbc.internal.FailureKind;
import dev.chronos.jdbc.internal.JdbcStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The failure classes on the machine's MariaDB server, and MariaDB's own errors, provoked for real,
 * as the classifier sorts them: a deadlock (1213) is a conflict the store runs again, a lock wait
 * timeout (1205) is unavailable.
 */
class MariaDbStoreFailureClassesTest extends StoreFailureClassesTest {
  private static final FailureClassifier MARIADB = FailureClassifier.of(Dialect.MARIADB);

  private String prefix;

  @Override
  JdbcJobStore openStore() {
    MariaDbDatabase.require();
    prefix = MariaDbDatabase.uniquePrefix();
    return reopenStore();
  }

  @Override
  JdbcJobStore reopenStore() {
    return JdbcJobStore.builder()
        .jdbcUrl(MariaDbDatabase.URL, MariaDbDatabase.USER, MariaDbDatabase.PASSWORD)
        .tablePrefix(prefix)
        .maxPoolSize(2)
        .build();
  }

  @Override
  JdbcJobStore.Builder unreachable() {
    return JdbcJobStore.builder().jdbcUrl("jdbc:mariadb://127.0.0.1:1/test", "root", "");
  }

  @Override
  void dropSchema() {
    if (prefix != null) {
      MariaDbDatabase.drop(prefix);
    }
  }

  @Test
  void constraint_violations_values_too_long_and_invalid_json_are_rejected() throws Exception {
    try (Connection c = MariaDbDatabase.dataSource().getConnection();
        Statement st = c.createStatement()) {
      String table = prefix + "rejects";
      st.execute(
          "CREATE TABLE "
              + table
              + " (id int PRIMARY KEY, name varchar(3) NOT NULL, doc JSON) ENGINE = InnoDB");
      try {
        st.execute("INSERT INTO " + table + " VALUES (1, 'a', NULL)");
        SQLException duplicate = thrown(st, "INSERT INTO " + table + " VALUES (1, 'b', NULL)");
        assertThat(MARIADB.classify(duplicate)).isEqualTo(FailureKind.REJECTED);
        assertThat(JdbcStatements.isUniqueViolation(duplicate)).as("1062").isTrue();
        assertThat(failure(st, "INSERT INTO " + table + " VALUES (2, NULL, NULL)"))
            .as("1048 not null")
            .isEqualTo(FailureKind.REJECTED);
        assertThat(failure(st, "INSERT INTO " + table + " VALUES (2, 'abcd', NULL)"))
            .as("1406 too long")
            .isEqualTo(FailureKind.REJECTED);
        assertThat(failure(st, "INSERT INTO " + table + " VALUES (2, 'a', '{not json')"))
            .as("4025 JSON_VALID check")
            .isEqualTo(FailureKind.REJECTED);
      } finally {
        st.execute("DROP TABLE " + table);
      }
    }
  }

  @Test
  void a_deadlock_is_a_conflict_and_a_lock_wait_timeout_is_unavailable() throws Exception {
    try (Connection first =
            java.sql.DriverManager.getConnection(
                MariaDbDatabase.URL, MariaDbDatabase.USER, MariaDbDatabase.PASSWORD);
        Connection second =
            java.sql.DriverManager.getConnection(
                MariaDbDatabase.URL, MariaDbDatabase.USER, MariaDbDatabase.PASSWORD);
        Statement one = first.createStatement();
        Statement two = second.createStatement()) {
      String table = prefix + "locks";
      one.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v int) ENGINE = InnoDB");
      try {
        one.execute("INSERT INTO " + table + " VALUES (1, 0), (2, 0)");

        // Lock wait timeout: the second waits 1 s (its session only) for the first's row.
        first.setAutoCommit(false);
        second.setAutoCommit(false);
        two.execute("SET SESSION innodb_lock_wait_timeout = 1");
        one.executeUpdate("UPDATE " + table + " SET v = 1 WHERE id = 1");
        SQLException timeout = thrown(two, "UPDATE " + table + " SET v = 2 WHERE id = 1");
        assertThat(timeout.getErrorCode()).isEqualTo(1205);
        assertThat(MARIADB.classify(timeout)).isEqualTo(FailureKind.UNAVAILABLE);
        second.rollback();

        // Deadlock: each holds one row and waits for the other's; InnoDB rolls one back.
        two.execute("SET SESSION innodb_lock_wait_timeout = 30");
        two.executeUpdate("UPDATE " + table + " SET v = 2 WHERE id = 2");
        CompletableFuture<SQLException> firstWaits =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    one.executeUpdate("UPDATE " + table + " SET v = 1 WHERE id = 2");
                    return null;
                  } catch (SQLException e) {
                    return e;
                  }
                });
        SQLException secondFails = null;
        try {
          // The first is waiting for row 2 once this statement has to wait for row 1.
          org.awaitility.Awaitility.await()
              .atMost(java.time.Duration.ofSeconds(20))
              .until(() -> waiting(table));
          two.executeUpdate("UPDATE " + table + " SET v = 2 WHERE id = 1");
        } catch (SQLException e) {
          secondFails = e;
        }
        SQLException firstFails = firstWaits.get(30, TimeUnit.SECONDS);
        SQLException deadlock = secondFails != null ? secondFails : firstFails;
        assertThat(deadlock != null).as("one of the two is the deadlock's victim").isTrue();
        assertThat(deadlock.getErrorCode()).isEqualTo(1213);
        assertThat(MARIADB.classify(deadlock)).isEqualTo(FailureKind.CONFLICT);
        first.rollback();
        second.rollback();
      } finally {
        first.setAutoCommit(true);
        one.execute("DROP TABLE " + table);
      }
    }
  }

  /** Whether a session waits for a row lock of this test's table. */
  private static boolean waiting(String table) throws SQLException {
    try (Connection c = MariaDbDatabase.dataSource().getConnection();
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT COUNT(*) FROM information_schema.innodb_trx t"
                    + " JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id"
                    + " WHERE t.trx_state = 'LOCK WAIT' AND p.info LIKE '%"
                    + table
                    + "%'")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }

  private static SQLException thrown(Statement st, String sql) {
    try {
      st.execute(sql);
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected " + sql + " to fail");
  }

  private static FailureKind failure(Statement st, String sql) {
    return MARIADB.classify(thrown(st, sql));
  }
}
