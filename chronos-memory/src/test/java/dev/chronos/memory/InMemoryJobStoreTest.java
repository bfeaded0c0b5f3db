package dev.chronos.memory;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.JobStoreContractTest;

/** Runs the store contract suite against {@link InMemoryJobStore}. */
class InMemoryJobStoreTest extends JobStoreContractTest {

  @Override
  protected JobStore createStore() {
    return new InMemoryJobStore();
  }
}
