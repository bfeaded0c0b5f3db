package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.ScheduleTriggerContractTest;
import org.junit.jupiter.api.AfterEach;

/** The schedule-trigger contract on the machine's MariaDB server, each test in its own tables. */
class MariaDbScheduleTriggerContractTest extends ScheduleTriggerContractTest {
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
