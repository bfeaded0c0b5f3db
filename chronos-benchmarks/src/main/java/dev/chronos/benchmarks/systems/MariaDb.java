package dev.chronos.benchmarks.systems;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The MariaDB server the MariaDB systems share. Each run gets a database of its own ({@code
 * bench_<random>}, {@link #createSchema()}), dropped at the end; no other database of the server is
 * touched. Thread-safe.
 *
 * @param url the JDBC URL of an existing database, for example {@code
 *     jdbc:mariadb://127.0.0.1:3306/test}; a run's URL replaces the database in it
 * @param user the user (it needs {@code CREATE} and {@code DROP} of databases)
 * @param password the password
 */
public record MariaDb(String url, String user, String password) implements SqlServer {

  @Override
  public String createSchema() throws SQLException {
    String database = SqlServer.freshName();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
    }
    return database;
  }

  @Override
  public void dropSchema(String schema) throws SQLException {
    if (!schema.startsWith("bench_")) {
      throw new IllegalArgumentException("not a database of the harness: " + schema);
    }
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + schema);
    }
  }

  @Override
  public String urlFor(String schema) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String params = query < 0 ? "" : url.substring(query);
    int slash = base.indexOf('/', base.indexOf("//") + 2);
    return (slash < 0 ? base : base.substring(0, slash)) + "/" + schema + params;
  }
}
