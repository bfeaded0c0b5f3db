package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.IdempotentSubmitContractTest;
import org.junit.jupiter.api.AfterEach;

/**
 * The idempotent-submit contract on the machine's PostgreSQL server, each test in its own tables;
 * each node has a store with a pool of its own, as separate processes would.
 */
class PostgresIdempotentSubmitContractTest extends IdempotentSubmitContractTest {
  private String prefix;

  @Override
  protected JobStore createStore() {
    prefix = PostgresDatabase.uniquePrefix();
    return JdbcJobStore.builder()
        .dataSource(PostgresDatabase.dataSource())
        .tablePrefix(prefix)
        .build();
  }

  @Override
  protected JobStore createNodeStore(JobStore first) {
    return JdbcJobStore.builder()
        .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
        .tablePrefix(prefix)
        .maxPoolSize(2)
        .build();
  }

  @AfterEach
  void dropTables() {
    if (prefix != null) {
      PostgresDatabase.drop(prefix);
    }
  }
}
