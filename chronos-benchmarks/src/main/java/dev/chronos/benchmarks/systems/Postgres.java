package dev.chronos.benchmarks.systems;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server the JDBC systems share. Each run gets its own schema ({@link
 * #createSchema()}), dropped with everything in it at the end, so runs never see each other's
 * tables. Thread-safe.
 *
 * @param url the JDBC URL of the database, without a schema
 * @param user the user
 * @param password the password
 */
public record Postgres(String url, String user, String password) {

  /**
   * Whether the server answers now.
   *
   * @return true if a connection could be opened within 2 s
   */
  public boolean reachable() {
    DriverManager.setLoginTimeout(2);
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Opens a plain connection.
   *
   * @return the connection
   * @throws SQLException if the server cannot be reached
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /**
   * Creates a schema with a fresh name.
   *
   * @return its name, for example {@code bench_3f2a9c01d4}
   * @throws SQLException if the server refuses
   */
  public String createSchema() throws SQLException {
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }

  /**
   * Drops a schema made by {@link #createSchema()} and everything in it.
   *
   * @param schema the schema
   * @throws SQLException if the server refuses
   */
  public void dropSchema(String schema) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /**
   * The JDBC URL whose connections work in this schema.
   *
   * @param schema the schema
   * @return the URL
   */
  public String urlFor(String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /**
   * A HikariCP pool on this schema.
   *
   * @param schema the schema
   * @param poolSize the maximum pool size
   * @return the pool; the caller closes it
   */
  public HikariDataSource pool(String schema, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(urlFor(schema));
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("bench-" + schema);
    return new HikariDataSource(config);
  }
}
