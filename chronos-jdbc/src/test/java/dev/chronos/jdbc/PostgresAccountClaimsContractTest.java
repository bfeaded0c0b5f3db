package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.AccountClaimsContractTest;
import org.junit.jupiter.api.AfterEach;

/**
 * The account-scoped claims contract on the machine's PostgreSQL server, each test in its own
 * tables.
 */
class PostgresAccountClaimsContractTest extends AccountClaimsContractTest {
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
