package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.StoreUnavailableException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

  @Test
  void nodes_starting_together_apply_the_schema_once() throws Exception {
    PostgresDatabase.require();
    String prefix = PostgresDatabase.uniquePrefix();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<JdbcJobStore>> opened = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        opened.add(
            pool.submit(
                () -> {
                  go.await();
                  return JdbcJobStore.builder()
                      .dataSource(PostgresDatabase.dataSource())
                      .tablePrefix(prefix)
                      .build();
                }));
      }
      go.countDown();
      for (Future<JdbcJobStore> f : opened) {
        assertThat(f.get().dialect()).isEqualTo(Dialect.POSTGRESQL);
      }
      long versions =
          Jdbi.create(PostgresDatabase.dataSource())
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM " + prefix + "schema_version")
                          .mapTo(Long.class)
                          .one());
      assertThat(versions).isEqualTo(dev.chronos.jdbc.internal.Migrations.count());
    } finally {
      pool.shutdown();
      PostgresDatabase.drop(prefix);
    }
  }

  @Test
  void reopening_a_migrated_database_changes_nothing(@TempDir Path dir) {
    try (JdbcJobStore first = JdbcJobStore.h2(dir)) {
      assertThat(first.dialect()).isEqualTo(Dialect.H2);
    }
    try (JdbcJobStore second = JdbcJobStore.h2(dir)) {
      assertThat(second.find(UUID.randomUUID())).isEmpty();
    }
  }

  @Test
  void without_schema_creation_a_missing_schema_surfaces_as_a_typed_failure(@TempDir Path dir) {
    try (JdbcJobStore store =
        JdbcJobStore.builder()
            .jdbcUrl("jdbc:h2:file:" + dir.resolve("empty"), "sa", "")
            .createSchema(false)
            .build()) {
      assertThatThrownBy(
              () ->
                  store.purge(
                      java.util.Set.of(dev.chronos.JobStatus.COMPLETED), Instant.now(), 100))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("purge");
    }
  }

  @Test
  void an_unreachable_database_is_a_typed_failure() {
    assertThatThrownBy(
            () ->
                JdbcJobStore.builder()
                    .jdbcUrl("jdbc:postgresql://127.0.0.1:1/none", "postgres", "")
                    .connectionTimeout(java.time.Duration.ofMillis(500))
                    .build())
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void a_table_prefix_must_be_a_plain_identifier() {
    assertThatThrownBy(() -> JdbcJobStore.builder().tablePrefix("x; DROP TABLE users; --"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tablePrefix");
  }
}
