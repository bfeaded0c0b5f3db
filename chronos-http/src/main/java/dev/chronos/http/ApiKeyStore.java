package dev.chronos.http;

import dev.chronos.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where API keys live, by the hash of their secret: {@link InMemoryApiKeyStore} for tests and a
 * single process, {@link JdbcApiKeyStore} in the job store's database so that every server on it
 * knows every key. Implementations are thread-safe. {@link ApiKeys} creates keys and checks secrets
 * on top of a store. The same store keeps the dashboard's sessions ({@link ApiSession}) and the
 * audit log of writes made through the API ({@link AuditEntry}), so every server sharing it knows
 * them too.
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

  /**
   * Finds a key by its id, revoked or not.
   *
   * @param id the key's id
   * @return the key, or empty
   */
  Optional<ApiKey> find(UUID id);

  /**
   * Stores a new session.
   *
   * @param session the session
   */
  void insertSession(ApiSession session);

  /**
   * Finds a session by the hash of its cookie value.
   *
   * @param idHash the lower-case hex SHA-256 of the cookie value
   * @return the session, or empty when there is none (never made, logged out or removed)
   */
  Optional<ApiSession> findSession(String idHash);

  /**
   * Records that a session was used.
   *
   * @param idHash the session
   * @param lastSeenAt when it was used
   */
  void touchSession(String idHash, Instant lastSeenAt);

  /**
   * Ends a session.
   *
   * @param idHash the session
   * @return true if there was one
   */
  boolean deleteSession(String idHash);

  /**
   * Removes the sessions last used before a time (ended by idleness).
   *
   * @param lastSeenBefore the time
   * @return how many were removed
   */
  int deleteSessionsIdleSince(Instant lastSeenBefore);

  /**
   * Adds an entry to the audit log.
   *
   * @param entry the entry
   */
  void insertAudit(AuditEntry entry);

  /**
   * One page of an account's audit log, newest first.
   *
   * @param account the account
   * @param page the page, from 1
   * @param size entries per page, 1–100
   * @return the page, with the account's total (a store may count only up to a bound and say so, as
   *     {@link Page#totalIsExact()})
   */
  Page<AuditEntry> audit(String account, int page, int size);
}
