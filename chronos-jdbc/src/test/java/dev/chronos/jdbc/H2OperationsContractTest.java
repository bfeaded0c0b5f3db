package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.OperationsContractTest;
import java.util.UUID;

/**
 * The operations contract on an in-memory H2 database, a new one per test; the races run between
 * two stores (two pools) on that database.
 */
class H2OperationsContractTest extends OperationsContractTest {
  private String url;

  @Override
  protected JobStore createStore() {
    url = "jdbc:h2:mem:chronos-ops-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000";
    return JdbcJobStore.builder().jdbcUrl(url, "sa", "").build();
  }

  @Override
  protected JobStore createPeerStore(JobStore first) {
    return JdbcJobStore.builder().jdbcUrl(url, "sa", "").build();
  }
}
