package dev.chronos.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys kept in the heap: for tests and for a server on a store of its own. Nothing survives the
 * process. Thread-safe.
 */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final Map<String, ApiKey> byHash = new ConcurrentHashMap<>();
  private final Map<UUID, String> hashes = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryApiKeyStore() {}

  @Override
  public void insert(ApiKey key, String secretHash) {
    if (byHash.putIfAbsent(secretHash, key) != null) {
      throw new IllegalStateException("a key with this secret exists already");
    }
    hashes.put(key.id(), secretHash);
  }

  @Override
  public Optional<ApiKey> findBySecretHash(String secretHash) {
    return Optional.ofNullable(byHash.get(secretHash));
  }

  @Override
  public List<ApiKey> list() {
    List<ApiKey> keys = new ArrayList<>(byHash.values());
    keys.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id));
    return keys;
  }

  @Override
  public boolean revoke(UUID id, Instant now) {
    String hash = hashes.get(id);
    if (hash == null) {
      return false;
    }
    boolean[] revoked = {false};
    byHash.computeIfPresent(
        hash,
        (h, key) -> {
          if (!key.active()) {
            return key;
          }
          revoked[0] = true;
          return new ApiKey(
              key.id(),
              key.account(),
              key.name(),
              key.readOnly(),
              key.admin(),
              key.rateLimit(),
              key.createdAt(),
              now);
        });
    return revoked[0];
  }
}
