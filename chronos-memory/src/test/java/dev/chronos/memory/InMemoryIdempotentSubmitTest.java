package dev.chronos.memory;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.IdempotentSubmitContractTest;

/** Runs the idempotent-submit contract against {@link InMemoryJobStore}. */
class InMemoryIdempotentSubmitTest extends IdempotentSubmitContractTest {

  @Override
  protected JobStore createStore() {
    return new InMemoryJobStore();
  }
}
