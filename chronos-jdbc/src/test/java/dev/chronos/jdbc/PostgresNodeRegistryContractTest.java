package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.NodeRegistryContractTest;
import org.junit.jupiter.api.AfterEach;

/** The node registry contract on the machine's PostgreSQL server, each test in its own tables. */
class PostgresNodeRegistryContractTest extends NodeRegistryContractTest {
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
