package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.AccountClaimsContractTest;
import org.junit.jupiter.api.AfterEach;

/**
 * The account-scoped claims contract on the machine's MariaDB server, each test in its own tables.
 */
class MariaDbAccountClaimsContractTest extends AccountClaimsContractTest {
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
