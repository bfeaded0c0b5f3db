package dev.chronos.http.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The HTTP API's own tables, beside the job store's and under the same prefix, in SQL that H2 and
 * PostgreSQL both take: {@code <prefix>api_keys}, {@code <prefix>worker_claims}, {@code
 * <prefix>api_sessions}, {@code <prefix>api_audit} and {@code <prefix>http_schema_version}.
 * Migrations are applied in order, each once per database: the version row is inserted first in the
 * migration's transaction, so a second server starting at the same moment waits on that row
 * (PostgreSQL) and then finds the version applied.
 */
public final class ApiSchema {
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");

  /** Version 1: keys and claims. Times are epoch microseconds, ids text UUIDs. */
  private static final List<String> V1 =
      List.of(
          "CREATE TABLE ${p}api_keys (id VARCHAR(36) PRIMARY KEY, account VARCHAR(255) NOT NULL,"
              + " name VARCHAR(255) NOT NULL, secret_hash VARCHAR(64) NOT NULL UNIQUE,"
              + " read_only BOOLEAN NOT NULL, admin BOOLEAN NOT NULL, rate_limit INTEGER NOT NULL,"
              + " created_at BIGINT NOT NULL, revoked_at BIGINT)",
          "CREATE TABLE ${p}worker_claims (execution_id VARCHAR(36) PRIMARY KEY,"
              + " job_id VARCHAR(36) NOT NULL, account VARCHAR(255) NOT NULL,"
              + " attempt INTEGER NOT NULL, deadline BIGINT NOT NULL)",
          "CREATE INDEX ${p}worker_claims_deadline ON ${p}worker_claims (deadline)");

  /**
   * Version 2: the dashboard's sessions (by the hash of the cookie value) and the audit log, read
   * per account newest first.
   */
  private static final List<String> V2 =
      List.of(
          "CREATE TABLE ${p}api_sessions (id_hash VARCHAR(64) PRIMARY KEY,"
              + " key_id VARCHAR(36) NOT NULL, csrf_token VARCHAR(64) NOT NULL,"
              + " created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL)",
          "CREATE INDEX ${p}api_sessions_last_seen ON ${p}api_sessions (last_seen_at)",
          "CREATE TABLE ${p}api_audit (id VARCHAR(36) PRIMARY KEY, at BIGINT NOT NULL,"
              + " account VARCHAR(255) NOT NULL, key_id VARCHAR(36) NOT NULL,"
              + " key_name VARCHAR(255) NOT NULL, action VARCHAR(64) NOT NULL,"
              + " target VARCHAR(128), detail VARCHAR(4000), via VARCHAR(16) NOT NULL)",
          "CREATE INDEX ${p}api_audit_account_at ON ${p}api_audit (account, at, id)");

  private static final List<List<String>> VERSIONS = List.of(V1, V2);

  private ApiSchema() {}

  /** Checks a table prefix: a lower-case letter, then up to 29 letters, digits or underscores. */
  public static String checkPrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "table prefix must be a lower-case letter and up to 29 letters, digits or _: " + prefix);
    }
    return prefix;
  }

  /** Applies what is missing. */
  public static void migrate(DataSource dataSource, String prefix) {
    checkPrefix(prefix);
    SQLException last = null;
    for (int tries = 0; tries < 3; tries++) {
      try (Connection c = dataSource.getConnection()) {
        ensureVersionTable(c, prefix);
        for (int v = version(c, prefix) + 1; v <= VERSIONS.size(); v++) {
          apply(c, prefix, v);
        }
        return;
      } catch (SQLException e) {
        last = e; // another server migrated at the same moment: look again
      }
    }
    throw new IllegalStateException("the HTTP API's tables could not be created", last);
  }

  private static void apply(Connection c, String prefix, int version) throws SQLException {
    c.setAutoCommit(false);
    try {
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO " + prefix + "http_schema_version (version) VALUES (?)")) {
        insert.setInt(1, version);
        insert.executeUpdate();
      }
      try (Statement s = c.createStatement()) {
        for (String sql : VERSIONS.get(version - 1)) {
          s.execute(sql.replace("${p}", prefix));
        }
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void ensureVersionTable(Connection c, String prefix) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + prefix
              + "http_schema_version (version INTEGER PRIMARY KEY)");
    } catch (SQLException e) {
      // PostgreSQL: two servers creating it at once; one wins, the other reads it below.
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    }
  }

  private static int version(Connection c, String prefix) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT MAX(version) FROM " + prefix + "http_schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
