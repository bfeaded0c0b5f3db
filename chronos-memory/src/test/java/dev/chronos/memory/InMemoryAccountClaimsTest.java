package dev.chronos.memory;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.AccountClaimsContractTest;

/** Runs the account-scoped claims contract against {@link InMemoryJobStore}. */
class InMemoryAccountClaimsTest extends AccountClaimsContractTest {

  @Override
  protected JobStore createStore() {
    return new InMemoryJobStore();
  }
}
