package dev.chronos.http;

/** The key and claim contract on InMemory. */
class InMemoryKeyStoreTest extends KeyStoreContractTest {
  @Override
  ApiKeyStore keyStore() {
    return new InMemoryApiKeyStore();
  }

  @Override
  WorkerClaims claimStore() {
    return new InMemoryWorkerClaims();
  }
}
