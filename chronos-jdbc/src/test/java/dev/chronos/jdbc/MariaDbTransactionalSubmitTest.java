package dev.chronos.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Transactional submit on MariaDB: get-or-create is {@code INSERT ... ON DUPLICATE KEY UPDATE id =
 * id} and a locking read in the caller's transaction; no NOTIFY, so the node's commit watch finds
 * the committed job. The caller's session runs in {@code +05:30} (see {@link MariaDbDatabase}).
 */
class MariaDbTransactionalSubmitTest extends TransactionalSubmitTest {
  private String prefix;

  @Override
  protected JdbcJobStore createStore() {
    MariaDbDatabase.require();
    prefix = MariaDbDatabase.uniquePrefix();
    return JdbcJobStore.builder()
        .dataSource(MariaDbDatabase.dataSource())
        .tablePrefix(prefix)
        .build();
  }

  @Override
  protected Connection callerConnection() throws SQLException {
    return MariaDbDatabase.dataSource().getConnection();
  }

  @Override
  protected void dropAll() throws SQLException {
    if (prefix == null) {
      return;
    }
    try (Connection c = callerConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + prefix + "orders");
    }
    MariaDbDatabase.drop(prefix);
  }
}
