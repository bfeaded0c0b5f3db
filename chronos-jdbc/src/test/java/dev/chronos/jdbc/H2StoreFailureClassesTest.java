package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.JobQuery;
import dev.chronos.StoreUnavailableException;
import dev.chronos.jdbc.internal.FailureClassifier;
import dev.chronos.jdbc.internal.FailureKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failure classes on embedded H2 files, and H2's own errors as the classifier sorts them. */
class H2StoreFailureClassesTest extends StoreFailureClassesTest {
  private static final FailureClassifier H2 = FailureClassifier.of(Dialect.H2);

  @TempDir Path dir;

  @Override
  JdbcJobStore openStore() {
    return JdbcJobStore.h2(dir);
  }

  @Override
  JdbcJobStore reopenStore() {
    return JdbcJobStore.h2(dir);
  }

  @Override
  JdbcJobStore.Builder unreachable() {
    return JdbcJobStore.builder().jdbcUrl("jdbc:h2:tcp://127.0.0.1:1/nothing", "sa", "");
  }

  @Override
  void dropSchema() {}

  @Test
  void a_database_shut_down_under_the_store_is_unavailable_and_nothing_is_stored()
      throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:h2:file:" + dir.toAbsolutePath().resolve("chronos"), "sa", "");
        Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    }

    assertThatThrownBy(() -> store.insert(job())).isInstanceOf(StoreUnavailableException.class);
    store.close();
    store = reopenStore();
    assertThat(store.query(JobQuery.all()).total()).isZero();
  }

  @Test
  void h2_data_and_constraint_errors_are_rejected() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:", "sa", "");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(3) NOT NULL, n SMALLINT)");
      st.execute("INSERT INTO t VALUES (1, 'a', 1)");

      assertThat(failure(st, "INSERT INTO t VALUES (2, 'abcd', 1)"))
          .isEqualTo(FailureKind.REJECTED);
      assertThat(failure(st, "INSERT INTO t VALUES (2, NULL, 1)")).isEqualTo(FailureKind.REJECTED);
      assertThat(failure(st, "INSERT INTO t VALUES (1, 'b', 1)")).isEqualTo(FailureKind.REJECTED);
      assertThat(failure(st, "INSERT INTO t VALUES (2, 'b', 99999)"))
          .isEqualTo(FailureKind.REJECTED);
      assertThat(failure(st, "SELECT CAST('x' AS INT)")).isEqualTo(FailureKind.REJECTED);
    }
  }

  @Test
  void h2_lock_timeouts_and_missing_tables_are_unavailable() throws Exception {
    String url = "jdbc:h2:mem:locks;LOCK_TIMEOUT=100;DB_CLOSE_DELAY=-1";
    try (Connection holder = DriverManager.getConnection(url, "sa", "");
        Connection waiter = DriverManager.getConnection(url, "sa", "");
        Statement hold = holder.createStatement();
        Statement wait = waiter.createStatement()) {
      hold.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
      hold.execute("INSERT INTO t VALUES (1, 0)");
      holder.setAutoCommit(false);
      hold.executeUpdate("UPDATE t SET v = 1 WHERE id = 1");

      assertThat(failure(wait, "UPDATE t SET v = 2 WHERE id = 1"))
          .isEqualTo(FailureKind.UNAVAILABLE);
      assertThat(failure(wait, "SELECT * FROM missing")).isEqualTo(FailureKind.UNAVAILABLE);
      holder.rollback();
      hold.execute("DROP TABLE t");
    }
  }

  private static FailureKind failure(Statement st, String sql) {
    try {
      st.execute(sql);
    } catch (SQLException e) {
      return H2.classify(e);
    }
    throw new AssertionError("expected " + sql + " to fail");
  }
}
