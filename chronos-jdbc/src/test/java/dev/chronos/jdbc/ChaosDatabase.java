package dev.chronos.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.jdbc.internal.Migrations;
import dev.chronos.jdbc.internal.Sql;
import org.jdbi.v3.core.Jdbi;

/**
 * A database server of the chaos suite's own, which its tests stop and start: {@link
 * PrivatePostgresCluster#DATABASE} or {@link PrivateMariaDb#DATABASE}. Never a shared server. A
 * chaos test runs on PostgreSQL; its subclass {@code MariaDb...ChaosTest} runs the same test on
 * MariaDB by answering another database.
 */
interface ChaosDatabase {

  /** The product's name, for messages and the printed figures ({@code PostgreSQL}, ...). */
  String name();

  /** The store's dialect on this server. */
  Dialect dialect();

  /** The JDBC URL of the database the tests use. */
  String url();

  /** The user. */
  String user();

  /** The password. */
  String password();

  /**
   * Makes sure the server exists and accepts connections: creates and starts it if needed. Skips
   * the test (fails it in CI) when that cannot be done here.
   */
  void require();

  /** Stops the server: sessions are cut at once; returns once it no longer answers. */
  void stop();

  /** Starts the server unless it answers, and waits until it accepts connections. */
  void start();

  /** A new pool on the database, which the caller closes. */
  default HikariDataSource pool(int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setUsername(user());
    config.setPassword(password());
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(2_000);
    return new HikariDataSource(config);
  }

  /** A store builder on the database's tables of a prefix. */
  default JdbcJobStore.Builder store(String prefix) {
    return JdbcJobStore.builder().jdbcUrl(url(), user(), password()).tablePrefix(prefix);
  }

  /** Drops the tables of a prefix, starting the server if it is down. */
  default void drop(String prefix) {
    start();
    try (HikariDataSource pool = pool(1)) {
      Jdbi.create(pool).useHandle(h -> Migrations.drop(h, new Sql(dialect(), prefix)));
    }
  }
}
