package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.JobStoreContractTest;
import org.junit.jupiter.api.AfterEach;

/** The whole store contract on the machine's PostgreSQL server, each test in its own tables. */
class PostgresJobStoreContractTest extends JobStoreContractTest {
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
