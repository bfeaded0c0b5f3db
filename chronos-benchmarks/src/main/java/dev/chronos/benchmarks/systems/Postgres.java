package dev.chronos.benchmarks.systems;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server the JDBC systems share. Each run gets its own schema ({@link
 * #createSchema()}), dropped with everything in it at the end, so runs never see each other's
 * tables. Thread-safe.
 *
 * @param url the JDBC URL of the database, without a schema
 * @param user the user
 * @param password the password
 */
public record Postgres(String url, String user, String password) implements SqlServer {

  @Override
  public String createSchema() throws SQLException {
    String schema = SqlServer.freshName();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }

  @Override
  public void dropSchema(String schema) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Override
  public String urlFor(String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
