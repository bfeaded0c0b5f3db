package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.jdbc.internal.Migrations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The MariaDB schema: applied once by nodes starting together, in InnoDB and utf8mb4. */
class MariaDbMigrationsTest {

  @Test
  void nodes_starting_together_apply_the_schema_once() throws Exception {
    MariaDbDatabase.require();
    String prefix = MariaDbDatabase.uniquePrefix();
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
                      .jdbcUrl(MariaDbDatabase.URL, MariaDbDatabase.USER, MariaDbDatabase.PASSWORD)
                      .tablePrefix(prefix)
                      .maxPoolSize(2)
                      .build();
                }));
      }
      go.countDown();
      for (Future<JdbcJobStore> f : opened) {
        JdbcJobStore store = f.get();
        assertThat(store.dialect()).isEqualTo(Dialect.MARIADB);
        store.close();
      }
      Jdbi jdbi = Jdbi.create(MariaDbDatabase.dataSource());
      long versions =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT COUNT(*) FROM " + prefix + "schema_version")
                      .mapTo(Long.class)
                      .one());
      assertThat(versions).isEqualTo(Migrations.count());
      List<String> tables =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT CONCAT(table_name, ' ', engine, ' ', table_collation)"
                              + " FROM information_schema.tables WHERE table_schema = DATABASE()"
                              + " AND table_name IN (:jobs, :executions, :schedules)"
                              + " ORDER BY table_name")
                      .bind("jobs", prefix + "jobs")
                      .bind("executions", prefix + "executions")
                      .bind("schedules", prefix + "schedules")
                      .mapTo(String.class)
                      .list());
      assertThat(tables)
          .containsExactly(
              prefix + "executions InnoDB utf8mb4_nopad_bin",
              prefix + "jobs InnoDB utf8mb4_nopad_bin",
              prefix + "schedules InnoDB utf8mb4_nopad_bin");
    } finally {
      pool.shutdownNow();
      MariaDbDatabase.drop(prefix);
    }
  }

  @Test
  void a_store_on_a_data_source_detects_mariadb() {
    String prefix = MariaDbDatabase.uniquePrefix();
    try {
      JdbcJobStore store =
          JdbcJobStore.builder()
              .dataSource(MariaDbDatabase.dataSource())
              .tablePrefix(prefix)
              .build();
      assertThat(store.dialect()).isEqualTo(Dialect.MARIADB);
      assertThat(store.describe()).startsWith("mariadb:jdbc:mariadb://");
      store.close();
    } finally {
      MariaDbDatabase.drop(prefix);
    }
  }
}
