package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The key and claim contract on Postgres. */
class PostgresKeyStoreTest extends KeyStoreContractTest {
  static final String URL =
      System.getenv().getOrDefault("CHRONOS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getenv().getOrDefault("CHRONOS_PG_USER", "postgres");
  static final String PASSWORD = System.getenv().getOrDefault("CHRONOS_PG_PASSWORD", "");
  HikariDataSource pool;
  String prefix;

  @Override
  ApiKeyStore keyStore() {
    String problem = null;
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
      c.isValid(2);
    } catch (Exception e) {
      problem = e.getMessage();
    }
    if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("PostgreSQL is required in CI: " + problem);
    }
    Assumptions.assumeTrue(problem == null, "PostgreSQL not reachable");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(URL);
    config.setUsername(USER);
    config.setPassword(PASSWORD);
    pool = new HikariDataSource(config);
    prefix =
        "k"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT)
            + "_";
    return new JdbcApiKeyStore(pool, prefix);
  }

  @Override
  WorkerClaims claimStore() {
    return new JdbcWorkerClaims(pool, prefix);
  }

  @Test
  void two_servers_creating_the_tables_at_once_both_succeed() throws Exception {
    String p = "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
    try {
      var a = java.util.concurrent.CompletableFuture.runAsync(() -> new JdbcApiKeyStore(pool, p));
      var b = java.util.concurrent.CompletableFuture.runAsync(() -> new JdbcWorkerClaims(pool, p));
      a.get();
      b.get();
      assertThat(new JdbcApiKeyStore(pool, p).list()).isEmpty();
    } finally {
      drop(p);
    }
  }

  void drop(String p) throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      for (String t :
          List.of(
              "api_keys", "worker_claims", "api_sessions", "api_audit", "http_schema_version")) {
        s.execute("DROP TABLE IF EXISTS " + p + t);
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    if (pool != null) {
      drop(prefix);
      pool.close();
    }
  }
}
