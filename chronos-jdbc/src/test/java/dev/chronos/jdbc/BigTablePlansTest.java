package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.jdbc.internal.JdbcStatements;
import dev.chronos.jdbc.internal.Migrations;
import dev.chronos.jdbc.internal.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every hot statement of the PostgreSQL store, as shipped in its statement file, EXPLAINed (with
 * ANALYZE) on a table of 200,000 jobs seeded by SQL ({@code bigtable_seed.sql}): none may scan a
 * whole table, and none may throw away many more rows than it keeps (Rows Removed by Filter), or
 * read many more rows than its page or batch. A statement whose cost grows with the table, or with
 * other handlers' backlog, fails here. Runs in the default test run (about 10 s to seed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigTablePlansTest {
  private static final int JOBS = 200_000;
  private static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private String prefix;
  private Sql sql;
  private Jdbi jdbi;

  @BeforeAll
  void seed() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
    JdbcJobStore.builder()
        .dataSource(PostgresDatabase.dataSource())
        .tablePrefix(prefix)
        .build()
        .close();
    sql = new Sql(Dialect.POSTGRESQL, prefix);
    jdbi = JdbcStatements.jdbi(PostgresDatabase.dataSource());
    jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
    String script = resource("bigtable_seed.sql");
    jdbi.useHandle(
        h -> {
          for (String statement : Migrations.statements(script, prefix)) {
            h.createUpdate(statement).bind("now", NOW).bind("n", JOBS).execute();
          }
          // As autovacuum would: statistics, and the visibility map for index-only scans.
          for (String table : List.of("jobs", "executions", "schedules")) {
            h.execute("VACUUM ANALYZE " + prefix + table);
          }
        });
  }

  @AfterAll
  void dropTables() {
    if (prefix != null) {
      PostgresDatabase.drop(prefix);
    }
  }

  private static String resource(String name) {
    try (InputStream in = BigTablePlansTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a plan did, node by node. */
  private record Node(
      String type, String relation, String index, double rows, double loops, double removed) {
    @Override
    public String toString() {
      return type
          + (relation == null ? "" : " on " + relation)
          + (index == null ? "" : " using " + index)
          + " rows="
          + (long) rows
          + " loops="
          + (long) loops
          + " removed="
          + (long) removed;
    }
  }

  private static void collect(JsonNode plan, List<Node> out) {
    double removed =
        plan.path("Rows Removed by Filter").asDouble(0)
            + plan.path("Rows Removed by Index Recheck").asDouble(0)
            + plan.path("Rows Removed by Join Filter").asDouble(0);
    out.add(
        new Node(
            plan.path("Node Type").asText(),
            plan.hasNonNull("Relation Name") ? plan.get("Relation Name").asText() : null,
            plan.hasNonNull("Index Name") ? plan.get("Index Name").asText() : null,
            plan.path("Actual Rows").asDouble(0),
            plan.path("Actual Loops").asDouble(1),
            removed));
    for (JsonNode child : plan.path("Plans")) {
      collect(child, out);
    }
  }

  /**
   * EXPLAINs (ANALYZE) a statement with its parameters bound, in a transaction rolled back after,
   * and checks its plan: no sequential scan of a Chronos table; no node removing more than three
   * rows per row it keeps (plus 20); no node on a Chronos table producing more than {@code maxRows}
   * rows in all.
   */
  private List<Node> check(String what, String statement, long maxRows, Consumer<Query> binds) {
    String text =
        jdbi.withHandle(
            h -> {
              h.begin();
              try {
                Query q = h.createQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement);
                binds.accept(q);
                return q.mapTo(String.class).one();
              } finally {
                h.rollback();
              }
            });
    return checkPlan(what, text, maxRows);
  }

  /**
   * As {@link #check}, but with the plan PostgreSQL makes for the statement prepared once and run
   * many times (a generic plan: the driver prepares a statement on the server after a few runs, and
   * the server may then plan it without knowing the values), forced by {@code plan_cache_mode}. The
   * statement's {@code :name} parameters become {@code $1, $2, ...}, given {@code args} (in the
   * order of their first appearance) as literals.
   */
  private List<Node> checkGeneric(
      String what, String statement, long maxRows, Map<String, Object> args) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?<!:):([A-Za-z]\\w*)").matcher(statement);
    StringBuilder prepared = new StringBuilder();
    while (m.find()) {
      if (!names.contains(m.group(1))) {
        names.add(m.group(1));
      }
      m.appendReplacement(prepared, "\\$" + (names.indexOf(m.group(1)) + 1));
    }
    m.appendTail(prepared);
    String values =
        String.join(
            ", ",
            names.stream()
                .map(n -> args.get(n) instanceof Number v ? v.toString() : "'" + args.get(n) + "'")
                .toList());
    String text =
        jdbi.withHandle(
            h -> {
              h.execute("PREPARE chronos_generic AS " + prepared);
              try {
                h.begin();
                try {
                  h.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                  return h.createQuery(
                          "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE chronos_generic("
                              + values
                              + ")")
                      .mapTo(String.class)
                      .one();
                } finally {
                  h.rollback();
                }
              } finally {
                h.execute("DEALLOCATE chronos_generic");
              }
            });
    return checkPlan(what + " (generic plan)", text, maxRows);
  }

  private List<Node> checkPlan(String what, String text, long maxRows) {
    List<Node> nodes = new ArrayList<>();
    JsonNode explained;
    try {
      explained = JSON.readTree(text).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    collect(explained.get("Plan"), nodes);
    // The time is printed for the record only: speed is measured in chronos-benchmarks.
    String shown =
        what
            + " ("
            + explained.path("Execution Time").asText("?")
            + " ms):\n  "
            + String.join("\n  ", nodes.stream().map(Node::toString).toList());
    System.out.println(shown);
    for (Node node : nodes) {
      boolean ours = node.relation() != null && node.relation().startsWith(prefix);
      assertThat(node.type().equals("Seq Scan") && ours)
          .as("a sequential scan in %s", shown)
          .isFalse();
      assertThat(node.removed())
          .as("rows removed by a filter in %s", shown)
          .isLessThanOrEqualTo(3 * node.rows() + 20);
      if (ours) {
        assertThat(node.rows() * node.loops())
            .as("rows read in %s", shown)
            .isLessThanOrEqualTo(maxRows);
      }
    }
    return nodes;
  }

  private UUID one(String query) {
    return jdbi.withHandle(h -> h.createQuery(query).mapTo(UUID.class).one());
  }

  private List<UUID> ids(String query) {
    return jdbi.withHandle(h -> h.createQuery(query).mapTo(UUID.class).list());
  }

  /** The feeder's read as the store composes it: a branch per pull handler, one for push. */
  private String feederRead(int handlers, boolean push) {
    List<String> lanes = new ArrayList<>();
    for (int i = 0; i < handlers; i++) {
      lanes.add(sql.load("find_due_lane_pull", "n", Integer.toString(i), "account", ""));
    }
    if (push) {
      lanes.add(sql.load("find_due_lane_push", "account", ""));
    }
    return sql.load("find_due", "lanes", String.join("\nUNION ALL\n", lanes));
  }

  @Test
  void the_feeder_reads_only_its_own_handlers_due_jobs() {
    check(
        "feeder: email and push",
        feederRead(1, true),
        600,
        q ->
            q.bind("handler0", "email")
                .bind("from", Instant.EPOCH)
                .bind("horizon", NOW.plusSeconds(30))
                .bind("limit", 1000));
    check(
        "feeder: what entered the window since the last read",
        feederRead(1, true),
        600,
        q ->
            q.bind("handler0", "email")
                .bind("from", NOW.plusSeconds(29))
                .bind("horizon", NOW.plusSeconds(30))
                .bind("limit", 1000));
    check(
        "feeder: two pull handlers",
        feederRead(2, false),
        300,
        q ->
            q.bind("handler0", "email")
                .bind("handler1", "report")
                .bind("from", Instant.EPOCH)
                .bind("horizon", NOW.plusSeconds(30))
                .bind("limit", 100));
    // A deep backlog of its own (16,000 due jobs of "other"): the merge stops at the limit.
    check(
        "feeder: a deep backlog of its own and two other handlers",
        feederRead(3, true),
        1_000 + 30,
        q ->
            q.bind("handler0", "email")
                .bind("handler1", "other")
                .bind("handler2", "report")
                .bind("from", Instant.EPOCH)
                .bind("horizon", NOW.plusSeconds(30))
                .bind("limit", 1000));
  }

  @Test
  void a_pull_claim_reads_only_its_handlers_due_jobs() {
    check(
        "claim due: email",
        sql.load("claim_due", "account", ""),
        200,
        q ->
            q.bind("handlers", new String[] {"email"})
                .bind("push", false)
                .bind("now", NOW)
                .bind("max", 10)
                .bind("pool", 28));
  }

  @Test
  void claims_of_listed_jobs_and_outcomes_go_by_primary_key() {
    List<UUID> due =
        ids("SELECT id FROM " + prefix + "jobs WHERE handler = 'email' AND status = 'pending'");
    check(
        "claim listed",
        sql.load("claim_listed"),
        200,
        q -> q.bind("now", NOW).bindList("ids", due.subList(0, 10)));
    List<UUID> running =
        ids("SELECT id FROM " + prefix + "executions WHERE status = 'running' LIMIT 20");
    int n = running.size();
    String[] texts = new String[n];
    check(
        "finish executions",
        sql.load("finish_executions"),
        200,
        q ->
            q.bind("ids", running.toArray(UUID[]::new))
                .bind("statuses", fill(n, "completed"))
                .bind("errors", texts)
                .bind("results", texts)
                .bind("httpStatuses", new Integer[n])
                .bind("late", fill(n, Boolean.FALSE))
                .bind("now", NOW));
    List<UUID> runningJobs =
        ids("SELECT id FROM " + prefix + "jobs WHERE status = 'running' LIMIT 20");
    check(
        "move jobs",
        sql.load("move_jobs"),
        200,
        q ->
            q.bind("ids", runningJobs.toArray(UUID[]::new))
                .bind("statuses", fill(runningJobs.size(), "completed"))
                .bind("runAts", fill(runningJobs.size(), NOW.toString()))
                .bind("lastErrors", new String[runningJobs.size()])
                .bind("released", fill(runningJobs.size(), 0))
                .bind("now", NOW));
    check(
        "extend lease",
        sql.load("extend_lease"),
        5,
        q ->
            q.bind("id", running.get(0))
                .bind("leaseExpiresAt", NOW.plusSeconds(60))
                .bind("now", NOW));
    check("cancel", sql.load("cancel_job"), 5, q -> q.bind("id", due.get(0)).bind("now", NOW));
  }

  @SuppressWarnings("unchecked")
  private static <T> T[] fill(int n, T value) {
    T[] array = (T[]) java.lang.reflect.Array.newInstance(value.getClass(), n);
    java.util.Arrays.fill(array, value);
    return array;
  }

  @Test
  void the_rescuer_reads_only_ended_leases() {
    check("rescuer", sql.load("expired_leases"), 100, q -> q.bind("now", NOW).bind("limit", 100));
  }

  @Test
  void schedule_fires_and_archives_read_only_unfinished_jobs() {
    check(
        "due schedules",
        sql.load("due_schedules"),
        10,
        q -> q.bind("horizon", NOW.plusSeconds(30)).bind("limit", 100));
    UUID busy = one("SELECT md5('schedule1')::uuid");
    UUID withDue = one("SELECT md5('schedule0')::uuid");
    for (UUID schedule : List.of(busy, withDue)) {
      check(
          "unfinished job of a schedule",
          sql.load("unfinished_job_of_schedule"),
          5,
          q -> q.bind("scheduleId", schedule));
      check(
          "runnable jobs of a schedule (archive)",
          sql.load("runnable_jobs_of_schedule"),
          5,
          q -> q.bind("scheduleId", schedule));
    }
  }

  @Test
  void a_job_and_its_executions_by_id() {
    UUID job = one("SELECT md5('job1234')::uuid");
    check("job by id", sql.load("job_by_id"), 5, q -> q.bind("id", job));
    check("executions of a job", sql.load("executions_of_job"), 5, q -> q.bind("jobId", job));
    check("status by id", sql.load("status_by_id"), 5, q -> q.bind("id", job));
  }

  @Test
  void list_pages_read_the_page_from_an_index_wherever_it_is() {
    String keys = "job_page_keys";
    check(
        "list: first page",
        sql.load(keys, "where", ""),
        21,
        q -> q.bind("account", "default").bind("limit", 21).bind("offset", 0));
    check(
        "list: failed jobs",
        sql.load(keys, "where", " AND status = :status"),
        21,
        q ->
            q.bind("account", "default")
                .bind("status", "failed")
                .bind("limit", 21)
                .bind("offset", 0));
    // Far into the table: after the position of a job 150,000 jobs from the newest.
    var far =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT created_at, id FROM "
                            + prefix
                            + "jobs WHERE account = 'default'"
                            + " ORDER BY created_at DESC, id DESC OFFSET 150000 LIMIT 1")
                    .map((rs, ctx) -> new Object[] {rs.getObject(1), rs.getObject(2)})
                    .one());
    check(
        "list: after a cursor far into the table",
        sql.load(keys, "where", sql.load("fragment_after")),
        21,
        q ->
            q.bind("account", "default")
                .bind("afterCreatedAt", far[0])
                .bind("afterId", far[1])
                .bind("limit", 21)
                .bind("offset", 0));
    check(
        "list: completed jobs after a cursor far into the table",
        sql.load(keys, "where", " AND status = :status" + sql.load("fragment_after")),
        21,
        q ->
            q.bind("account", "default")
                .bind("status", "completed")
                .bind("afterCreatedAt", far[0])
                .bind("afterId", far[1])
                .bind("limit", 21)
                .bind("offset", 0));
    check(
        "list: a schedule's jobs",
        sql.load(keys, "where", " AND schedule_id = :scheduleId"),
        21,
        q ->
            q.bind("account", "default")
                .bind("scheduleId", one("SELECT md5('schedule3')::uuid"))
                .bind("limit", 21)
                .bind("offset", 0));
    List<UUID> page =
        ids("SELECT id FROM " + prefix + "jobs ORDER BY created_at DESC, id DESC LIMIT 20");
    check("list: the page's rows", sql.load("jobs_by_ids"), 20, q -> q.bindList("ids", page));
    check(
        "list: bounded count of failed jobs",
        sql.load("job_count", "where", " AND status = :status"),
        JdbcStatements.COUNT_BOUND + 1,
        q ->
            q.bind("account", "default")
                .bind("status", "failed")
                .bind("cap", JdbcStatements.COUNT_BOUND + 1));
  }

  @Test
  void the_stats_counts_per_status_stop_at_the_bound_through_the_status_index() {
    // GET /v1/stats counts every status of an account (the store's query, one lane each), six
    // times per overview refresh: a prepared statement whose generic plan scans the table for a
    // status no job has (running, here none in account acme) made the overview take seconds.
    String count = sql.load("job_count", "where", " AND status = :status");
    for (String status : List.of("pending", "running", "retrying", "completed", "failed")) {
      for (String account : List.of("default", "acme")) {
        Map<String, Object> args =
            Map.of("account", account, "status", status, "cap", JdbcStatements.COUNT_BOUND + 1);
        check(
            "stats: count of " + status + " jobs of " + account,
            count,
            JdbcStatements.COUNT_BOUND + 1,
            q -> args.forEach(q::bind));
        checkGeneric(
            "stats: count of " + status + " jobs of " + account,
            count,
            JdbcStatements.COUNT_BOUND + 1,
            args);
      }
    }
    // The count of a whole list (no status) reads the list index the same way.
    checkGeneric(
        "stats: count of all jobs",
        sql.load("job_count", "where", ""),
        JdbcStatements.COUNT_BOUND + 1,
        Map.of("account", "default", "cap", JdbcStatements.COUNT_BOUND + 1));
  }

  @Test
  void lookups_by_key_read_one_row_of_the_key_index() {
    // Keys on four in five of the 5,000 schedules (the seed gives them none), as a code base
    // declaring its schedules with ensure would have.
    jdbi.useHandle(
        h -> {
          h.execute(
              "UPDATE "
                  + prefix
                  + "schedules SET schedule_key = 'declared-' || name WHERE status = 'active'");
          h.execute("VACUUM ANALYZE " + prefix + "schedules");
        });
    check(
        "schedules: by key",
        sql.load("schedule_page", "where", " AND schedule_key = :key"),
        1,
        q ->
            q.bind("account", "default")
                .bind("key", "declared-schedule 1234")
                .bind("size", 20)
                .bind("offset", 0));
    check(
        "schedules: count by key and status",
        sql.load("schedule_count", "where", " AND schedule_key = :key AND status IN (<statuses>)"),
        1,
        q ->
            q.bind("account", "default")
                .bind("key", "declared-schedule 1234")
                .bindList("statuses", List.of("active", "paused")));
    check(
        "job by idempotency key (replayed submit)",
        sql.load("job_by_key"),
        2,
        q -> q.bind("account", "default").bind("key", "key-3003"));
  }

  @Test
  void a_purge_batch_reads_only_its_batch() {
    check(
        "purge batch",
        sql.load("purge_batch"),
        // The batch, plus its executions deleted by the cascade.
        1_000,
        q ->
            q.bindList("statuses", List.of("completed", "failed"))
                .bind("before", NOW.minus(Duration.ofHours(2)))
                .bind("limit", 500));
  }

  @Test
  void the_handlers_waiting_for_a_node_are_read_from_the_earliest_jobs() {
    check(
        "waiting pull jobs",
        sql.load("waiting_pull_jobs"),
        100,
        q -> q.bind("dueBefore", NOW).bind("limit", 100));
  }

  @Test
  void the_check_fails_on_a_full_scan_and_on_a_walk_through_other_rows() {
    // The checks above can fail: a statement without an index on its condition, and one that walks
    // the list index filtering by handler, are both caught.
    assertThatThrownBy(
            () ->
                check(
                    "by name",
                    "SELECT id FROM " + prefix + "jobs WHERE name = :name",
                    1_000_000,
                    q -> q.bind("name", "email")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("sequential scan");
    assertThatThrownBy(
            () ->
                check(
                    "by handler, oldest first",
                    "SELECT id FROM "
                        + prefix
                        + "jobs WHERE account = 'default' AND handler = 'email'"
                        + " ORDER BY created_at, id LIMIT 20",
                    1_000_000,
                    q -> {}))
        .isInstanceOf(AssertionError.class);
  }
}
