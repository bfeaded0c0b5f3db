package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.PagingContractTest;
import org.junit.jupiter.api.AfterEach;

/** The paging contract on the machine's MariaDB server, each test in its own tables. */
class MariaDbPagingContractTest extends PagingContractTest {
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
