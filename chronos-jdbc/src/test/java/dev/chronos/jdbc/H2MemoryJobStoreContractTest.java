package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.JobStoreContractTest;
import java.util.UUID;

/** The whole store contract on an in-memory H2 database, a new one per test. */
class H2MemoryJobStoreContractTest extends JobStoreContractTest {
  @Override
  protected JobStore createStore() {
    return JdbcJobStore.builder()
        .jdbcUrl("jdbc:h2:mem:chronos-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000", "sa", "")
        .build();
  }
}
