package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.JobQuery;
import dev.chronos.StoreUnavailableException;
import dev.chronos.jdbc.internal.Migrations;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
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

  /** The migrations a database had before V4 and V5 existed. */
  private static final List<String> UP_TO_V3 =
      List.of(
          "V1__jobs_and_executions.sql", "V2__schedules.sql", "V3__due_indexes_by_delivery.sql");

  @Test
  void an_h2_schema_of_v3_moves_results_to_the_completed_executions_and_drops_the_jobs_copy(
      @TempDir Path dir) {
    Jdbi jdbi = Jdbi.create("jdbc:h2:file:" + dir.toAbsolutePath().resolve("chronos"), "sa", "");
    // The in-process database lives while one connection is open: keep one for the whole test.
    try (Handle keepOpen = jdbi.open()) {
      assertThat(keepOpen.isClosed()).isFalse();
      migratesResultsFromV3(jdbi, Dialect.H2, "chronos_", () -> JdbcJobStore.h2(dir));
    }
  }

  @Test
  void
      a_postgresql_schema_of_v3_moves_results_to_the_completed_executions_and_drops_the_jobs_copy() {
    PostgresDatabase.require();
    String prefix = PostgresDatabase.uniquePrefix();
    try {
      migratesResultsFromV3(
          Jdbi.create(PostgresDatabase.dataSource()),
          Dialect.POSTGRESQL,
          prefix,
          () ->
              JdbcJobStore.builder()
                  .dataSource(PostgresDatabase.dataSource())
                  .tablePrefix(prefix)
                  .build());
    } finally {
      PostgresDatabase.drop(prefix);
    }
  }

  /**
   * Builds a V3 schema by hand with the old layout's data (a result on the job row and on its
   * completed execution; one job whose execution lacks the copy), opens a store on it, and checks
   * what V5 left.
   */
  private static void migratesResultsFromV3(
      Jdbi jdbi, Dialect dialect, String prefix, Supplier<JdbcJobStore> open) {
    UUID both = UUID.randomUUID();
    UUID jobOnly = UUID.randomUUID();
    UUID pending = UUID.randomUUID();
    jdbi.useTransaction(
        h -> {
          h.execute(
              "CREATE TABLE "
                  + prefix
                  + "schema_version (version INTEGER PRIMARY KEY, description VARCHAR(255) NOT"
                  + " NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
          for (String file : UP_TO_V3) {
            for (String statement : Migrations.statements(Migrations.read(dialect, file), prefix)) {
              h.execute(statement);
            }
            h.createUpdate(
                    "INSERT INTO " + prefix + "schema_version VALUES (:v, :d, CURRENT_TIMESTAMP)")
                .bind("v", Integer.parseInt(file.substring(1, 2)))
                .bind("d", file)
                .execute();
          }
          oldJob(h, dialect, prefix, both, "completed", "{\"sent\": 2}");
          oldExecution(h, dialect, prefix, both, 1, "failed", null);
          oldExecution(h, dialect, prefix, both, 2, "completed", "{\"sent\": 2}");
          oldJob(h, dialect, prefix, jobOnly, "completed", "{\"sent\": 1}");
          oldExecution(h, dialect, prefix, jobOnly, 1, "completed", null);
          oldJob(h, dialect, prefix, pending, "pending", null);
        });

    try (JdbcJobStore store = open.get()) {
      var sent2 = JsonNodeFactory.instance.objectNode().put("sent", 2);
      var sent1 = JsonNodeFactory.instance.objectNode().put("sent", 1);
      assertThat(store.find(both).orElseThrow().result()).isEqualTo(sent2);
      assertThat(store.executions(both))
          .extracting(Execution::status, Execution::result)
          .containsExactly(
              org.assertj.core.api.Assertions.tuple(ExecutionStatus.FAILED, null),
              org.assertj.core.api.Assertions.tuple(ExecutionStatus.COMPLETED, sent2));
      assertThat(store.find(jobOnly).orElseThrow().result()).isEqualTo(sent1);
      assertThat(store.executions(jobOnly)).extracting(Execution::result).containsExactly(sent1);
      assertThat(store.find(pending).orElseThrow().result()).isNull();
      assertThat(store.query(JobQuery.all()).items())
          .extracting(j -> j.result())
          .containsOnlyNulls();
    }
    long resultColumns =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE LOWER(TABLE_NAME) ="
                            + " :table AND LOWER(COLUMN_NAME) = 'result'")
                    .bind("table", prefix + "jobs")
                    .mapTo(Long.class)
                    .one());
    assertThat(resultColumns).as("the jobs table's result column is gone").isZero();
    List<Integer> versions =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT version FROM " + prefix + "schema_version ORDER BY version")
                    .mapTo(Integer.class)
                    .list());
    assertThat(versions).contains(1, 2, 3, 5).hasSize(Migrations.count());

    try (JdbcJobStore reopened = open.get()) {
      assertThat(reopened.find(both).orElseThrow().result())
          .as("reopening a V5 schema changes nothing")
          .isEqualTo(JsonNodeFactory.instance.objectNode().put("sent", 2));
    }
  }

  private static String json(Dialect dialect, String parameter) {
    return dialect == Dialect.POSTGRESQL ? "CAST(:" + parameter + " AS jsonb)" : ":" + parameter;
  }

  private static void oldJob(
      Handle h, Dialect dialect, String prefix, UUID id, String status, String result) {
    OffsetDateTime t = OffsetDateTime.of(2026, 1, 15, 9, 0, 0, 0, ZoneOffset.UTC);
    h.createUpdate(
            "INSERT INTO "
                + prefix
                + "jobs (id, account, name, handler, status, scheduled_for, run_at, created_at,"
                + " updated_at, attempts, max_retries, timeout_seconds, delivery_type, result)"
                + " VALUES (:id, 'default', 'old job', 'work', :status, :t, :t, :t, :t, 1, 3, 30,"
                + " 'pull', "
                + json(dialect, "result")
                + ")")
        .bind("id", id)
        .bind("status", status)
        .bind("t", t)
        .bind("result", result)
        .execute();
  }

  private static void oldExecution(
      Handle h,
      Dialect dialect,
      String prefix,
      UUID job,
      int attempt,
      String status,
      String result) {
    OffsetDateTime t = OffsetDateTime.of(2026, 1, 15, 9, 0, attempt, 0, ZoneOffset.UTC);
    h.createUpdate(
            "INSERT INTO "
                + prefix
                + "executions (id, job_id, attempt, trigger_type, status, started_at, finished_at,"
                + " lease_expires_at, result, node) VALUES (:id, :job, :attempt, 'api', :status, :t,"
                + " :t, :t, "
                + json(dialect, "result")
                + ", 'node-1')")
        .bind("id", UUID.randomUUID())
        .bind("job", job)
        .bind("attempt", attempt)
        .bind("status", status)
        .bind("t", t)
        .bind("result", result)
        .execute();
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
