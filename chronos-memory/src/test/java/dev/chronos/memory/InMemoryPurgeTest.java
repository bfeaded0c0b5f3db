package dev.chronos.memory;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.PurgeContractTest;

/** Runs the purge contract against {@link InMemoryJobStore}. */
class InMemoryPurgeTest extends PurgeContractTest {

  @Override
  protected JobStore createStore() {
    return new InMemoryJobStore();
  }
}
