package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.ScheduleTriggerContractTest;
import org.junit.jupiter.api.AfterEach;

/**
 * The schedule-trigger contract on the machine's PostgreSQL server, each test in its own tables.
 */
class PostgresScheduleTriggerContractTest extends ScheduleTriggerContractTest {
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
