package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.jdbc.internal.Sql;
import dev.chronos.jdbc.internal.StoreStatements;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The statement files of each dialect: all present, the prefix filled in, slots only from code. */
class SqlFilesTest {

  @Test
  void every_dialect_loads_all_its_statements_at_construction() {
    // The constructors load every file they use, so a missing file fails here, not in production.
    for (Dialect dialect : Dialect.values()) {
      StoreStatements statements =
          StoreStatements.of(Jdbi.create("jdbc:h2:mem:unused"), new Sql(dialect, "t_"), false);
      assertThat(statements.dialect()).isEqualTo(dialect);
    }
  }

  @Test
  void the_prefix_is_filled_in_and_comments_are_dropped() {
    String text = new Sql(Dialect.POSTGRESQL, "acme_").load("executions_of_job");
    assertThat(text)
        .isEqualTo("SELECT * FROM acme_executions WHERE job_id = :jobId ORDER BY attempt")
        .doesNotContain("--")
        .doesNotContain("${");
  }

  @Test
  void a_slot_must_be_filled_and_only_a_slot_the_file_has() {
    Sql sql = new Sql(Dialect.H2, "t_");
    assertThatThrownBy(() -> sql.load("job_page_keys"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("${where}");
    assertThatThrownBy(() -> sql.load("job_page_keys", "selects", ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no slot ${selects}");
    assertThat(sql.load("job_page_keys", "where", " AND handler = :handler"))
        .contains("WHERE account = :account AND handler = :handler")
        .contains("FROM t_jobs");
  }

  @Test
  void a_missing_statement_is_named() {
    assertThatThrownBy(() -> new Sql(Dialect.H2, "t_").load("no_such_statement"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sql/h2/no_such_statement.sql");
  }

  @Test
  void a_prefix_that_is_not_an_identifier_is_refused() {
    for (String bad : new String[] {"", "1abc", "a-b", "x; DROP TABLE y", "a".repeat(42)}) {
      assertThatThrownBy(() -> new Sql(Dialect.POSTGRESQL, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tablePrefix");
      assertThatThrownBy(() -> JdbcJobStore.builder().tablePrefix(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
