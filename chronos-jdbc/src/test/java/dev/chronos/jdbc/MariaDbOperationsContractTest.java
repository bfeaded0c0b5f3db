package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.OperationsContractTest;
import org.junit.jupiter.api.AfterEach;

/**
 * The operations contract on the machine's MariaDB server, each test in its own tables; the races
 * run between two stores with pools of their own, as two nodes would.
 */
class MariaDbOperationsContractTest extends OperationsContractTest {
  private String prefix;

  @Override
  protected JobStore createStore() {
    prefix = MariaDbDatabase.uniquePrefix();
    return JdbcJobStore.builder()
        .dataSource(MariaDbDatabase.dataSource())
        .tablePrefix(prefix)
        .build();
  }

  @Override
  protected JobStore createPeerStore(JobStore first) {
    return JdbcJobStore.builder()
        .jdbcUrl(MariaDbDatabase.URL, MariaDbDatabase.USER, MariaDbDatabase.PASSWORD)
        .tablePrefix(prefix)
        .maxPoolSize(4)
        .build();
  }

  @AfterEach
  void dropTables() {
    if (prefix != null) {
      MariaDbDatabase.drop(prefix);
    }
  }
}
