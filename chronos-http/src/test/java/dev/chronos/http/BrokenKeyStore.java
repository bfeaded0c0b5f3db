package dev.chronos.http;

import dev.chronos.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Keys in memory whose look-up by secret fails with an internal error (a corrupt store). */
final class BrokenKeyStore implements ApiKeyStore {
  private final InMemoryApiKeyStore real = new InMemoryApiKeyStore();
  private final String failure;

  BrokenKeyStore(String failure) {
    this.failure = failure;
  }

  @Override
  public void insert(ApiKey key, String secretHash) {
    real.insert(key, secretHash);
  }

  @Override
  public Optional<ApiKey> findBySecretHash(String secretHash) {
    throw new IllegalStateException(failure);
  }

  @Override
  public List<ApiKey> list() {
    return real.list();
  }

  @Override
  public boolean revoke(UUID id, Instant now) {
    return real.revoke(id, now);
  }

  @Override
  public Optional<ApiKey> find(UUID id) {
    return real.find(id);
  }

  @Override
  public void insertSession(ApiSession session) {
    real.insertSession(session);
  }

  @Override
  public Optional<ApiSession> findSession(String idHash) {
    return real.findSession(idHash);
  }

  @Override
  public void touchSession(String idHash, Instant lastSeenAt) {
    real.touchSession(idHash, lastSeenAt);
  }

  @Override
  public boolean deleteSession(String idHash) {
    return real.deleteSession(idHash);
  }

  @Override
  public int deleteSessionsIdleSince(Instant lastSeenBefore) {
    return real.deleteSessionsIdleSince(lastSeenBefore);
  }

  @Override
  public void insertAudit(AuditEntry entry) {
    real.insertAudit(entry);
  }

  @Override
  public Page<AuditEntry> audit(String account, int page, int size) {
    return real.audit(account, page, size);
  }
}
