package dev.chronos.memory;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.NodeRegistryContractTest;

/** Runs the node registry contract against {@link InMemoryJobStore}. */
class InMemoryNodeRegistryTest extends NodeRegistryContractTest {

  @Override
  protected JobStore createStore() {
    return new InMemoryJobStore();
  }
}
