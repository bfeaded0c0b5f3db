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
 * A database server of the machine that many tests share ({@link PostgresDatabase#SERVER}, {@link
 * MariaDbDatabase#SERVER}); each test works in tables of a prefix of its own. Tests that need it
 * skip when it is not reachable, except in CI ({@code CI=true}), where they fail: CI must run them.
 */
final class SharedDatabase {
  private final String name;
  private final Dialect dialect;
  private final String url;
  private final String user;
  private final String password;
  private HikariDataSource shared;

  /** A server by its product name (for messages), dialect, URL and credentials. */
  SharedDatabase(String name, Dialect dialect, String url, String user, String password) {
    this.name = name;
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Skips the test (or fails it in CI) when the server cannot be reached. */
  void require() {
    String problem = null;
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      c.isValid(2);
    } catch (Exception e) {
      problem = e.getMessage();
    }
    if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(name + " at " + url + " is required in CI: " + problem);
    }
    Assumptions.assumeTrue(problem == null, () -> name + " not reachable at " + url);
  }

  /** One pool for the whole test run (checks the server once, when the pool is made). */
  synchronized HikariDataSource dataSource() {
    if (shared == null) {
      require();
      shared = pool(10);
    }
    return shared;
  }

  /** A new pool the caller closes. */
  HikariDataSource pool(int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  /** A store builder on the tables of a prefix. */
  JdbcJobStore.Builder store(String prefix) {
    return JdbcJobStore.builder().jdbcUrl(url, user, password).tablePrefix(prefix);
  }

  /** Drops the tables of a prefix. */
  void drop(String prefix) {
    Jdbi.create(dataSource()).useHandle(h -> Migrations.drop(h, new Sql(dialect, prefix)));
  }

  /** A table prefix no other run uses. */
  static String uniquePrefix() {
    return "t"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT)
        + "_";
  }
}
