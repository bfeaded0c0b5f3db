package dev.chronos.memory;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.OperationsContractTest;

/** Runs the operations contract against {@link InMemoryJobStore}. */
class InMemoryOperationsTest extends OperationsContractTest {

  @Override
  protected JobStore createStore() {
    return new InMemoryJobStore();
  }
}
