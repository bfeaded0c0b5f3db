package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.ScheduleTriggerContractTest;
import java.util.UUID;

/** The schedule-trigger contract on an in-memory H2 database, a new one per test. */
class H2ScheduleTriggerContractTest extends ScheduleTriggerContractTest {
  @Override
  protected JobStore createStore() {
    return JdbcJobStore.builder()
        .jdbcUrl(
            "jdbc:h2:mem:chronos-trigger-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000", "sa", "")
        .build();
  }
}
