package dev.chronos.http;

import dev.chronos.Page;
import dev.chronos.StoreUnavailableException;
import dev.chronos.http.internal.ApiSchema;
import dev.chronos.http.internal.Micros;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * API keys in a table of the job store's database ({@code <prefix>api_keys}, created on first use
 * with the API's other tables), so every server on one PostgreSQL database knows every key and a
 * revocation applies on all of them at the next request. The dashboard's sessions ({@code
 * <prefix>api_sessions}) and the audit log ({@code <prefix>api_audit}) are beside them, shared the
 * same way. H2 and PostgreSQL. Thread-safe.
 */
public final class JdbcApiKeyStore implements ApiKeyStore {
  /** The audit log's count per account stops here (a page of a long log never counts it all). */
  static final int AUDIT_COUNT_BOUND = 10_000;

  private final DataSource dataSource;
  private final String table;
  private final String sessions;
  private final String audit;

  /**
   * Keys in a database, creating the API's tables when they are missing.
   *
   * @param dataSource the database, usually the job store's
   * @param tablePrefix the prefix of the table names, as the job store's ({@code chronos_})
   */
  public JdbcApiKeyStore(DataSource dataSource, String tablePrefix) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    ApiSchema.migrate(dataSource, tablePrefix);
    this.table = tablePrefix + "api_keys";
    this.sessions = tablePrefix + "api_sessions";
    this.audit = tablePrefix + "api_audit";
  }

  @Override
  public void insert(ApiKey key, String secretHash) {
    String sql =
        "INSERT INTO "
            + table
            + " (id, account, name, secret_hash, read_only, admin, rate_limit, created_at,"
            + " revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key.id().toString());
      s.setString(2, key.account());
      s.setString(3, key.name());
      s.setString(4, secretHash);
      s.setBoolean(5, key.readOnly());
      s.setBoolean(6, key.admin());
      s.setInt(7, key.rateLimit());
      s.setLong(8, Micros.of(key.createdAt()));
      s.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Optional<ApiKey> findBySecretHash(String secretHash) {
    return findKey("secret_hash", secretHash);
  }

  @Override
  public List<ApiKey> list() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT * FROM " + table + " ORDER BY created_at, id");
        ResultSet rs = s.executeQuery()) {
      List<ApiKey> keys = new ArrayList<>();
      while (rs.next()) {
        keys.add(key(rs));
      }
      return keys;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public boolean revoke(UUID id, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE " + table + " SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
      s.setLong(1, Micros.of(now));
      s.setString(2, id.toString());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Optional<ApiKey> find(UUID id) {
    return findKey("id", id.toString());
  }

  /** The key whose column (a constant of this class, never input) has this value. */
  private Optional<ApiKey> findKey(String column, String value) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT * FROM " + table + " WHERE " + column + " = ?")) {
      s.setString(1, value);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(key(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public void insertSession(ApiSession session) {
    String sql =
        "INSERT INTO "
            + sessions
            + " (id_hash, key_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, session.idHash());
      s.setString(2, session.keyId().toString());
      s.setString(3, session.csrfToken());
      s.setLong(4, Micros.of(session.createdAt()));
      s.setLong(5, Micros.of(session.lastSeenAt()));
      s.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Optional<ApiSession> findSession(String idHash) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT * FROM " + sessions + " WHERE id_hash = ?")) {
      s.setString(1, idHash);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new ApiSession(
                rs.getString("id_hash"),
                UUID.fromString(rs.getString("key_id")),
                rs.getString("csrf_token"),
                Micros.instant(rs.getLong("created_at")),
                Micros.instant(rs.getLong("last_seen_at"))));
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public void touchSession(String idHash, Instant lastSeenAt) {
    update(
        "UPDATE " + sessions + " SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?",
        Micros.of(lastSeenAt),
        idHash,
        Micros.of(lastSeenAt));
  }

  @Override
  public boolean deleteSession(String idHash) {
    return update("DELETE FROM " + sessions + " WHERE id_hash = ?", idHash) > 0;
  }

  @Override
  public int deleteSessionsIdleSince(Instant lastSeenBefore) {
    return update("DELETE FROM " + sessions + " WHERE last_seen_at < ?", Micros.of(lastSeenBefore));
  }

  @Override
  public void insertAudit(AuditEntry e) {
    update(
        "INSERT INTO "
            + audit
            + " (id, at, account, key_id, key_name, action, target, detail, via)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        e.id().toString(),
        Micros.of(e.at()),
        e.account(),
        e.keyId().toString(),
        e.keyName(),
        e.action(),
        e.target(),
        e.detail(),
        e.via());
  }

  @Override
  public Page<AuditEntry> audit(String account, int page, int size) {
    String sql =
        "SELECT * FROM "
            + audit
            + " WHERE account = ? ORDER BY at DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
    try (Connection c = dataSource.getConnection()) {
      List<AuditEntry> entries = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, account);
        s.setLong(2, (long) (page - 1) * size);
        s.setInt(3, size);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            entries.add(auditEntry(rs));
          }
        }
      }
      long counted;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT COUNT(*) FROM (SELECT 1 FROM "
                  + audit
                  + " WHERE account = ? FETCH FIRST "
                  + (AUDIT_COUNT_BOUND + 1)
                  + " ROWS ONLY) m")) {
        s.setString(1, account);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          counted = rs.getLong(1);
        }
      }
      boolean exact = counted <= AUDIT_COUNT_BOUND;
      long reached = (long) (page - 1) * size + entries.size();
      long total = exact ? counted : Math.max(AUDIT_COUNT_BOUND, reached);
      return new Page<>(entries, page, size, total, exact, java.util.Optional.empty());
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static AuditEntry auditEntry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        UUID.fromString(rs.getString("id")),
        Micros.instant(rs.getLong("at")),
        rs.getString("account"),
        UUID.fromString(rs.getString("key_id")),
        rs.getString("key_name"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getString("detail"),
        rs.getString("via"));
  }

  /** Runs one update with text and number parameters (a null is SQL NULL text). */
  private int update(String sql, Object... parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        Object p = parameters[i];
        if (p instanceof Long l) {
          s.setLong(i + 1, l);
        } else if (p == null) {
          s.setNull(i + 1, java.sql.Types.VARCHAR);
        } else {
          s.setString(i + 1, (String) p);
        }
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static ApiKey key(ResultSet rs) throws SQLException {
    long revoked = rs.getLong("revoked_at");
    boolean wasRevoked = !rs.wasNull();
    return new ApiKey(
        UUID.fromString(rs.getString("id")),
        rs.getString("account"),
        rs.getString("name"),
        rs.getBoolean("read_only"),
        rs.getBoolean("admin"),
        rs.getInt("rate_limit"),
        Micros.instant(rs.getLong("created_at")),
        wasRevoked ? Micros.instant(revoked) : null);
  }

  static StoreUnavailableException unavailable(SQLException e) {
    return new StoreUnavailableException("The API's tables could not be reached: " + e, e);
  }
}
