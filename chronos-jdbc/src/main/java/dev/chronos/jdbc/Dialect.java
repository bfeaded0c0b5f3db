package dev.chronos.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases {@link JdbcJobStore} speaks. Each has its SQL and its migrations. */
public enum Dialect {
  /** H2 2.x: the embedded default, for one process. */
  H2("h2"),
  /**
   * PostgreSQL 13+: for several nodes on one database ({@code FOR UPDATE SKIP LOCKED},
   * LISTEN/NOTIFY).
   */
  POSTGRESQL("postgresql"),
  /**
   * MariaDB 10.6+: for several nodes on one database ({@code FOR UPDATE SKIP LOCKED}; other nodes
   * find new work by polling, as MariaDB has no LISTEN/NOTIFY).
   */
  MARIADB("mariadb");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /**
   * The folder of this dialect's migrations under {@code dev/chronos/jdbc/migrations/}.
   *
   * @return {@code h2}, {@code postgresql} or {@code mariadb}
   */
  public String folder() {
    return folder;
  }

  /**
   * Detects the dialect from a connection's metadata.
   *
   * @param connection an open connection
   * @return the dialect
   * @throws SQLException if the metadata cannot be read
   * @throws IllegalArgumentException if the database is none of H2, PostgreSQL and MariaDB
   */
  public static Dialect detect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.contains("h2")) {
      return H2;
    }
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.contains("mariadb")) {
      return MARIADB;
    }
    throw new IllegalArgumentException(
        "Chronos supports H2, PostgreSQL and MariaDB; this database is " + product);
  }
}
