package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.PurgeContractTest;
import org.junit.jupiter.api.AfterEach;

/** The purge contract on the machine's PostgreSQL server, each test in its own tables. */
class PostgresPurgeContractTest extends PurgeContractTest {
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
