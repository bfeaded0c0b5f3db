package dev.chronos.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.jdbc.internal.Migrations;
import dev.chronos.jdbc.internal.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's MariaDB server (127.0.0.1:3306, user root, no password, database test, overridable
 * with CHRONOS_MARIADB_URL / CHRONOS_MARIADB_USER / CHRONOS_MARIADB_PASSWORD). Tests that need it
 * skip when it is not reachable, except in CI ({@code CI=true}), where they fail: CI must run them.
 * Every connection of these pools runs its session in a time zone other than UTC ({@code +05:30},
 * set by the URL's {@code sessionVariables}), so that every MariaDB test also checks that what is
 * stored does not depend on the session's time zone.
 */
final class MariaDbDatabase {
  static final String URL =
      System.getenv()
          .getOrDefault(
              "CHRONOS_MARIADB_URL",
              "jdbc:mariadb://127.0.0.1:3306/test?sessionVariables=time_zone='+05:30'");
  static final String USER = System.getenv().getOrDefault("CHRONOS_MARIADB_USER", "root");
  static final String PASSWORD = System.getenv().getOrDefault("CHRONOS_MARIADB_PASSWORD", "");

  private static HikariDataSource shared;

  private MariaDbDatabase() {}

  /** Skips the test (or fails it in CI) when the server cannot be reached. */
  static void require() {
    String problem = null;
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
      c.isValid(2);
    } catch (Exception e) {
      problem = e.getMessage();
    }
    if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("MariaDB at " + URL + " is required in CI: " + problem);
    }
    Assumptions.assumeTrue(problem == null, () -> "MariaDB not reachable at " + URL);
  }

  /** One pool for the whole test run (checks the server once, when the pool is made). */
  static synchronized HikariDataSource dataSource() {
    if (shared == null) {
      require();
      shared = pool(10);
    }
    return shared;
  }

  /** A new pool the caller closes. */
  static HikariDataSource pool(int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(URL);
    config.setUsername(USER);
    config.setPassword(PASSWORD);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  /** A table prefix no other run uses. */
  static String uniquePrefix() {
    return "t"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT)
        + "_";
  }

  /** Drops the tables of a prefix. */
  static void drop(String prefix) {
    Jdbi.create(dataSource()).useHandle(h -> Migrations.drop(h, new Sql(Dialect.MARIADB, prefix)));
  }
}
