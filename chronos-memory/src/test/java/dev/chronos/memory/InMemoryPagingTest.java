package dev.chronos.memory;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.PagingContractTest;

/** Runs the paging contract against {@link InMemoryJobStore}. */
class InMemoryPagingTest extends PagingContractTest {

  @Override
  protected JobStore createStore() {
    return new InMemoryJobStore();
  }
}
