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
 * The machine's PostgreSQL server (127.0.0.1:5432, user postgres, database test, overridable with
 * CHRONOS_PG_URL / CHRONOS_PG_USER / CHRONOS_PG_PASSWORD). Tests that need it skip when it is not
 * reachable, except in CI ({@code CI=true}), where they fail: CI must run them.
 */
final class PostgresDatabase {
  static final String URL =
      System.getenv().getOrDefault("CHRONOS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getenv().getOrDefault("CHRONOS_PG_USER", "postgres");
  static final String PASSWORD = System.getenv().getOrDefault("CHRONOS_PG_PASSWORD", "");

  private static HikariDataSource shared;

  private PostgresDatabase() {}

  /** Skips the test (or fails it in CI) when the server cannot be reached. */
  static void require() {
    String problem = null;
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
      c.isValid(2);
    } catch (Exception e) {
      problem = e.getMessage();
    }
    if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("PostgreSQL at " + URL + " is required in CI: " + problem);
    }
    Assumptions.assumeTrue(problem == null, () -> "PostgreSQL not reachable at " + URL);
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
    Jdbi.create(dataSource())
        .useHandle(h -> Migrations.drop(h, new Sql(Dialect.POSTGRESQL, prefix)));
  }
}
