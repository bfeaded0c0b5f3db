package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.IdempotentSubmitContractTest;
import java.util.UUID;

/**
 * The idempotent-submit contract on an in-memory H2 database, a new one per test; each node has a
 * store (a pool) of its own on that database.
 */
class H2IdempotentSubmitContractTest extends IdempotentSubmitContractTest {
  private String url;

  @Override
  protected JobStore createStore() {
    url = "jdbc:h2:mem:chronos-idem-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000";
    return JdbcJobStore.builder().jdbcUrl(url, "sa", "").build();
  }

  @Override
  protected JobStore createNodeStore(JobStore first) {
    return JdbcJobStore.builder().jdbcUrl(url, "sa", "").build();
  }
}
