package dev.chronos.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactional submit on an H2 database in files: no NOTIFY, so the node's commit watch finds the
 * committed job.
 */
class H2FileTransactionalSubmitTest extends TransactionalSubmitTest {
  @TempDir Path dir;

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("db") + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
  }

  @Override
  protected JdbcJobStore createStore() {
    return JdbcJobStore.builder().jdbcUrl(url(), "sa", "").build();
  }

  @Override
  protected Connection callerConnection() throws SQLException {
    return DriverManager.getConnection(url(), "sa", "");
  }

  @Override
  protected void dropAll() {
    // The folder is a temporary one.
  }
}
