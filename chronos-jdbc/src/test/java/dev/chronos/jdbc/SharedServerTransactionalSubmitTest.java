package dev.chronos.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link TransactionalSubmitTest} on a {@link SharedDatabase}: the store and the caller's
 * connections on the server's shared pool, in tables of a prefix of the test's own.
 */
abstract class SharedServerTransactionalSubmitTest extends TransactionalSubmitTest {
  String prefix;

  /** The shared server the test runs on. */
  abstract SharedDatabase server();

  @Override
  protected JdbcJobStore createStore() {
    server().require();
    prefix = SharedDatabase.uniquePrefix();
    return JdbcJobStore.builder().dataSource(server().dataSource()).tablePrefix(prefix).build();
  }

  @Override
  protected Connection callerConnection() throws SQLException {
    return server().dataSource().getConnection();
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
    server().drop(prefix);
  }
}
