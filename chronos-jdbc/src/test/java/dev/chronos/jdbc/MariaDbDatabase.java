package dev.chronos.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The machine's MariaDB server (127.0.0.1:3306, user root, no password, database test, overridable
 * with CHRONOS_MARIADB_URL / CHRONOS_MARIADB_USER / CHRONOS_MARIADB_PASSWORD), as a {@link
 * SharedDatabase}. Every connection of these pools runs its session in a time zone other than UTC
 * ({@code +05:30}, set by the URL's {@code sessionVariables}), so that every MariaDB test also
 * checks that what is stored does not depend on the session's time zone.
 */
final class MariaDbDatabase {
  static final String URL =
      System.getenv()
          .getOrDefault(
              "CHRONOS_MARIADB_URL",
              "jdbc:mariadb://127.0.0.1:3306/test?sessionVariables=time_zone='+05:30'");
  static final String USER = System.getenv().getOrDefault("CHRONOS_MARIADB_USER", "root");
  static final String PASSWORD = System.getenv().getOrDefault("CHRONOS_MARIADB_PASSWORD", "");

  /** The server. */
  static final SharedDatabase SERVER =
      new SharedDatabase("MariaDB", Dialect.MARIADB, URL, USER, PASSWORD);

  private MariaDbDatabase() {}

  /** Skips the test (or fails it in CI) when the server cannot be reached. */
  static void require() {
    SERVER.require();
  }

  /** One pool for the whole test run. */
  static HikariDataSource dataSource() {
    return SERVER.dataSource();
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
