package dev.chronos.http;

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
 * revocation applies on all of them at the next request. H2 and PostgreSQL. Thread-safe.
 */
public final class JdbcApiKeyStore implements ApiKeyStore {
  private final DataSource dataSource;
  private final String table;

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
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT * FROM " + table + " WHERE secret_hash = ?")) {
      s.setString(1, secretHash);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(key(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
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
