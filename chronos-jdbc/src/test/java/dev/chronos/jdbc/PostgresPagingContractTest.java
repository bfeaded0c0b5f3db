package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.PagingContractTest;
import org.junit.jupiter.api.AfterEach;

/** The paging contract on the machine's PostgreSQL server, each test in its own tables. */
class PostgresPagingContractTest extends PagingContractTest {
  private String prefix;

  @Override
  protected JobStore createStore() {
    prefix = PostgresDatabase.uniquePrefix();
    return JdbcJobStore.builder()
        .dataSource(PostgresDatabase.dataSource())
        .tablePrefix(prefix)
        .build();
  }

  @AfterEach
  void dropTables() {
    if (prefix != null) {
      PostgresDatabase.drop(prefix);
    }
  }
}
