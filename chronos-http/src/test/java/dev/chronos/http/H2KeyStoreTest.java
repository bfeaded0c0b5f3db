package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.Page;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

  @Test
  void a_long_audit_log_is_counted_up_to_its_bound_only() {
    UUID key = UUID.randomUUID();
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    for (int i = 0; i <= JdbcApiKeyStore.AUDIT_COUNT_BOUND; i++) {
      store.insertAudit(
          new AuditEntry(
              UUID.randomUUID(),
              t.plusMillis(i),
              "acme",
              key,
              "ops",
              "job.run",
              null,
              null,
              "bearer"));
    }
    Page<AuditEntry> page = store.audit("acme", 1, 5);
    assertThat(page.totalIsExact()).isFalse();
    assertThat(page.total()).isEqualTo(JdbcApiKeyStore.AUDIT_COUNT_BOUND);
    assertThat(page.items().get(0).at()).isEqualTo(t.plusMillis(JdbcApiKeyStore.AUDIT_COUNT_BOUND));
    assertThat(store.audit("other", 1, 5).totalIsExact()).isTrue();
  }

  @AfterEach
  void close() {
    pool.close();
  }
}
