package dev.chronos.benchmarks.systems;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A database server the JDBC systems share ({@link Postgres}, {@link MariaDb}). Each run gets a
 * namespace of its own ({@link #createSchema()}: a PostgreSQL schema, a MariaDB database), dropped
 * with everything in it at the end, so runs never see each other's tables. Thread-safe.
 */
public interface SqlServer {

  /**
   * The JDBC URL of the server's database the harness connects to first.
   *
   * @return the URL
   */
  String url();

  /**
   * The user.
   *
   * @return the user
   */
  String user();

  /**
   * The password.
   *
   * @return the password
   */
  String password();

  /**
   * Creates a namespace with a fresh name.
   *
   * @return its name, for example {@code bench_3f2a9c01d4}
   * @throws SQLException if the server refuses
   */
  String createSchema() throws SQLException;

  /**
   * Drops a namespace made by {@link #createSchema()} and everything in it.
   *
   * @param schema the namespace
   * @throws SQLException if the server refuses
   */
  void dropSchema(String schema) throws SQLException;

  /**
   * The JDBC URL whose connections work in this namespace.
   *
   * @param schema the namespace
   * @return the URL
   */
  String urlFor(String schema);

  /**
   * Whether the server answers now.
   *
   * @return true if a connection could be opened within 2 s
   */
  default boolean reachable() {
    DriverManager.setLoginTimeout(2);
    try (Connection c = connect()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Opens a plain connection to {@link #url()}.
   *
   * @return the connection
   * @throws SQLException if the server cannot be reached
   */
  default Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), password());
  }

  /**
   * A HikariCP pool on this namespace.
   *
   * @param schema the namespace
   * @param poolSize the maximum pool size
   * @return the pool; the caller closes it
   */
  default HikariDataSource pool(String schema, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(urlFor(schema));
    config.setUsername(user());
    config.setPassword(password());
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("bench-" + schema);
    return new HikariDataSource(config);
  }

  /**
   * A fresh namespace name.
   *
   * @return for example {@code bench_3f2a9c01d4}
   */
  static String freshName() {
    return "bench_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }
}
