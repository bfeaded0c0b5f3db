package dev.chronos.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The machine's PostgreSQL server (127.0.0.1:5432, user postgres, database test, overridable with
 * CHRONOS_PG_URL / CHRONOS_PG_USER / CHRONOS_PG_PASSWORD), as a {@link SharedDatabase}.
 */
final class PostgresDatabase {
  static final String URL =
      System.getenv().getOrDefault("CHRONOS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getenv().getOrDefault("CHRONOS_PG_USER", "postgres");
  static final String PASSWORD = System.getenv().getOrDefault("CHRONOS_PG_PASSWORD", "");

  /** The server. */
  static final SharedDatabase SERVER =
      new SharedDatabase("PostgreSQL", Dialect.POSTGRESQL, URL, USER, PASSWORD);

  private PostgresDatabase() {}

  /** Skips the test (or fails it in CI) when the server cannot be reached. */
  static void require() {
    SERVER.require();
  }

  /** One pool for the whole test run. */
  static HikariDataSource dataSource() {
    return SERVER.dataSource();
  }

  /** A new pool the caller closes. */
  static HikariDataSource pool(int size) {
    return SERVER.pool(size);
  }

  /** A table prefix no other run uses. */
  static String uniquePrefix() {
    return SharedDatabase.uniquePrefix();
  }

  /** Drops the tables of a prefix. */
  static void drop(String prefix) {
    SERVER.drop(prefix);
  }
}
