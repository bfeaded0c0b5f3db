package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.JobStoreContractTest;
import org.junit.jupiter.api.AfterEach;

/** The whole store contract on the machine's MariaDB server, each test in its own tables. */
class MariaDbJobStoreContractTest extends JobStoreContractTest {
  private String prefix;

  @Override
  protected JobStore createStore() {
    prefix = MariaDbDatabase.uniquePrefix();
    return JdbcJobStore.builder()
        .dataSource(MariaDbDatabase.dataSource())
        .tablePrefix(prefix)
        .build();
  }

  @AfterEach
  void dropTables() {
    if (prefix != null) {
      MariaDbDatabase.drop(prefix);
    }
  }
}
