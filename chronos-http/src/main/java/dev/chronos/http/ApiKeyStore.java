package dev.chronos.http;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where API keys live, by the hash of their secret: {@link InMemoryApiKeyStore} for tests and a
 * single process, {@link JdbcApiKeyStore} in the job store's database so that every server on it
 * knows every key. Implementations are thread-safe. {@link ApiKeys} creates keys and checks secrets
 * on top of a store.
 */
public interface ApiKeyStore {
  /**
   * Stores a new key.
   *
   * @param key the key
   * @param secretHash the lower-case hex SHA-256 of its secret
   */
  void insert(ApiKey key, String secretHash);

  /**
   * Finds a key by the hash of its secret, revoked or not.
   *
   * @param secretHash the lower-case hex SHA-256 of a presented secret
   * @return the key, or empty
   */
  Optional<ApiKey> findBySecretHash(String secretHash);

  /**
   * Every key, revoked ones included, oldest first.
   *
   * @return the keys
   */
  List<ApiKey> list();

  /**
   * Revokes a key: requests with it are refused from now on, on every server sharing the store.
   *
   * @param id the key
   * @param now the time of the revocation
   * @return true if an active key was revoked, false if there is none or it was revoked already
   */
  boolean revoke(UUID id, Instant now);
}
