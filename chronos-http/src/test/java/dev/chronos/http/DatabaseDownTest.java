package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the keys' database cannot be reached, requests are a 503 that says to retry, not a 500. */
class DatabaseDownTest {
  @TempDir Path dir;

  @Test
  void an_unreachable_key_table_answers_503_with_retry_after_and_stores_nothing() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("keys") + ";DB_CLOSE_ON_EXIT=FALSE");
    config.setUsername("sa");
    config.setPassword("");
    config.setConnectionTimeout(500);
    HikariDataSource pool = new HikariDataSource(config);
    JdbcApiKeyStore keys = new JdbcApiKeyStore(pool, "chronos_");
    try (ApiFixture f = new ApiFixture(ApiFixture.Adapter.JETTY, keys, UnaryOperator.identity())) {
      Http acme = f.http(f.acme);
      assertThat(acme.get("/v1/jobs").status()).isEqualTo(200);
      pool.close(); // the database is gone
      Http.Reply r = acme.post("/v1/jobs", "{\"name\": \"n\", \"handler\": \"h\"}");
      assertThat(r.status()).as(r.text()).isEqualTo(503);
      assertThat(r.code()).isEqualTo("store_unavailable");
      assertThat(r.header("Retry-After")).hasValue("1");
      assertThat(r.text()).doesNotContain("HikariDataSource", "jdbc:h2");
      assertThat(f.chronos.jobs(dev.chronos.JobQuery.builder().account("acme").build()).total())
          .isZero();
      // Health asks the job store, which still answers.
      assertThat(f.http(null).get("/health").status()).isEqualTo(200);
    }
  }
}
