package dev.chronos.http;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The key and claim contract on H2. */
class H2KeyStoreTest extends KeyStoreContractTest {
  @TempDir Path dir;
  HikariDataSource pool;

  @Override
  ApiKeyStore keyStore() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
    config.setUsername("sa");
    config.setPassword("");
    pool = new HikariDataSource(config);
    return new JdbcApiKeyStore(pool, "chronos_");
  }

  @Override
  WorkerClaims claimStore() {
    return new JdbcWorkerClaims(pool, "chronos_"); // the tables exist already: not made twice
  }

  @AfterEach
  void close() {
    pool.close();
  }
}
