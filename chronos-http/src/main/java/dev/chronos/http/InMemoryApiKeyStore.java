package dev.chronos.http;

import dev.chronos.Page;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys, sessions and the audit log kept in the heap: for tests and for a server on a store of
 * its own. Nothing survives the process, and the audit log keeps its newest {@value #AUDIT_LIMIT}
 * entries. Thread-safe.
 */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final Map<String, ApiKey> byHash = new ConcurrentHashMap<>();
  private final Map<UUID, String> hashes = new ConcurrentHashMap<>();
  private final Map<String, ApiSession> sessions = new ConcurrentHashMap<>();

  /** The most audit entries kept; older ones are dropped. */
  public static final int AUDIT_LIMIT = 100_000;

  /** Newest last; guarded by itself. */
  private final ArrayDeque<AuditEntry> auditLog = new ArrayDeque<>();

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

  @Override
  public Optional<ApiKey> find(UUID id) {
    String hash = hashes.get(id);
    return hash == null ? Optional.empty() : Optional.ofNullable(byHash.get(hash));
  }

  @Override
  public void insertSession(ApiSession session) {
    if (sessions.putIfAbsent(session.idHash(), session) != null) {
      throw new IllegalStateException("a session with this id exists already");
    }
  }

  @Override
  public Optional<ApiSession> findSession(String idHash) {
    return Optional.ofNullable(sessions.get(idHash));
  }

  @Override
  public void touchSession(String idHash, Instant lastSeenAt) {
    sessions.computeIfPresent(
        idHash,
        (h, s) ->
            lastSeenAt.isAfter(s.lastSeenAt())
                ? new ApiSession(h, s.keyId(), s.csrfToken(), s.createdAt(), lastSeenAt)
                : s);
  }

  @Override
  public boolean deleteSession(String idHash) {
    return sessions.remove(idHash) != null;
  }

  @Override
  public int deleteSessionsIdleSince(Instant lastSeenBefore) {
    int[] removed = {0};
    sessions
        .values()
        .removeIf(
            s -> {
              boolean idle = s.lastSeenAt().isBefore(lastSeenBefore);
              removed[0] += idle ? 1 : 0;
              return idle;
            });
    return removed[0];
  }

  @Override
  public void insertAudit(AuditEntry entry) {
    synchronized (auditLog) {
      auditLog.addLast(entry);
      if (auditLog.size() > AUDIT_LIMIT) {
        auditLog.removeFirst();
      }
    }
  }

  @Override
  public Page<AuditEntry> audit(String account, int page, int size) {
    List<AuditEntry> matches = new ArrayList<>();
    synchronized (auditLog) {
      auditLog
          .descendingIterator()
          .forEachRemaining(
              e -> {
                if (e.account().equals(account)) {
                  matches.add(e);
                }
              });
    }
    int from = (int) Math.min(matches.size(), (long) (page - 1) * size);
    int to = Math.min(matches.size(), from + size);
    return new Page<>(matches.subList(from, to), page, size, matches.size());
  }
}
