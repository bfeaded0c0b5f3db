package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.OnConflict;
import dev.chronos.Submission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Chronos#submit(Connection, JobRequest)} on a real database with plain JDBC: the job is
 * written in the caller's transaction and runs only once it commits. The node polls only every 60
 * s, so a job that runs within the bounds here was started by the commit's wake-up (a NOTIFY on
 * PostgreSQL, the commit watch on H2), not by a poll. Each job's handler reads the business row
 * written in the same transaction: a job started before the commit would not see it.
 */
abstract class TransactionalSubmitTest {
  /** Bound for a wake-up that should take milliseconds, on a loaded 2-core machine. */
  static final Duration STARTS_WITHIN = Duration.ofSeconds(20);

  protected JdbcJobStore store;
  protected Chronos chronos;

  /** Order id of each job run, with whether the order row was visible to the handler. */
  private final Map<String, Boolean> ran = new ConcurrentHashMap<>();

  /** Completions the node reported, by job. */
  private final Map<java.util.UUID, List<dev.chronos.Execution>> completions =
      new ConcurrentHashMap<>();

  private final List<Long> startMillis = new CopyOnWriteArrayList<>();
  private volatile long committedAtNanos;

  /** A store on the test's database. */
  protected abstract JdbcJobStore createStore();

  /** A new connection of the caller, to the store's database, auto-commit on. */
  protected abstract Connection callerConnection() throws SQLException;

  /** Removes what the test created. */
  protected abstract void dropAll() throws SQLException;

  protected String orders() {
    return store.tablePrefix() + "orders";
  }

  @BeforeEach
  void start() throws Exception {
    store = createStore();
    try (Connection c = callerConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + orders() + " (id VARCHAR(64) PRIMARY KEY)");
    }
    chronos =
        Chronos.builder()
            .store(store)
            .pushConcurrency(0)
            .pollInterval(Duration.ofSeconds(60))
            .handler(
                "charge",
                ctx -> {
                  long nanos = System.nanoTime();
                  String order = ctx.payload().get("order").asText();
                  ran.put(order, orderExists(order));
                  startMillis.add((nanos - committedAtNanos) / 1_000_000);
                  return null;
                })
            .handler("ship", this::ship)
            .handler("ship-on", this::shipOn)
            .listener(
                new dev.chronos.JobListener() {
                  @Override
                  public void onCompleted(Job job, dev.chronos.Execution execution) {
                    completions
                        .computeIfAbsent(job.id(), id -> new CopyOnWriteArrayList<>())
                        .add(execution);
                  }
                })
            .build()
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    if (chronos != null) {
      chronos.close();
    }
    dropAll();
  }

  /**
   * Writes the shipment and completes the attempt in one transaction, then commits or rolls back as
   * the payload says, and returns a value of its own (the result only if it rolled back).
   */
  private Object ship(dev.chronos.JobContext ctx) throws Exception {
    String order = ctx.payload().get("order").asText();
    boolean commit = ctx.payload().get("commit").asBoolean();
    try (Connection c = callerConnection()) {
      c.setAutoCommit(false);
      insertOrder(c, "shipped-" + order);
      ctx.complete(c, Map.of("shipped", order));
      // A second completion of the same attempt finds it no longer running, in this transaction,
      // and leaves the transaction usable.
      try {
        ctx.complete(c, Map.of("shipped", "twice"));
        throw new AssertionError("completed twice");
      } catch (dev.chronos.LeaseExpiredException expected) {
        insertOrder(c, "after-second-" + order);
      }
      if (commit) {
        c.commit();
      } else {
        c.rollback();
      }
    }
    return Map.of("returned", order);
  }

  /**
   * What {@code complete(connection, ...)} did in {@link #shipOn}, by order: "none" or the error.
   */
  protected final Map<String, String> refusals = new ConcurrentHashMap<>();

  /** Whether the connection of {@link #shipOn} reported itself read-only, by order. */
  private final Map<String, Boolean> readOnly = new ConcurrentHashMap<>();

  /**
   * Completes the attempt on a connection in the state the payload's {@code mode} says: {@code
   * auto} (auto-commit on), {@code read-only}, or {@code aborted} (a statement of the caller failed
   * first); records what the completion did, rolls back what is open, and returns a value of its
   * own.
   */
  private Object shipOn(dev.chronos.JobContext ctx) throws Exception {
    String order = ctx.payload().get("order").asText();
    String mode = ctx.payload().get("mode").asText();
    try (Connection c = callerConnection()) {
      if (!mode.equals("auto")) {
        c.setAutoCommit(false);
      }
      if (mode.equals("read-only")) {
        c.setReadOnly(true);
      }
      if (mode.equals("aborted")) {
        try (Statement st = c.createStatement()) {
          st.execute("SELECT 1 / 0");
        } catch (SQLException expected) {
          // The caller's own failure: PostgreSQL has aborted the transaction.
        }
      }
      readOnly.put(order, c.isReadOnly());
      try {
        ctx.complete(c, Map.of("shipped", order));
        refusals.put(order, "none");
      } catch (RuntimeException e) {
        refusals.put(order, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    }
    return Map.of("returned", order);
  }

  /** Submits a job of {@link #shipOn} and waits for it to complete. */
  protected Job shipOn(String order, String mode) {
    Job job =
        chronos.submit(
            JobRequest.builder()
                .name("Ship " + order)
                .handler("ship-on")
                .payload(Map.of("order", order, "mode", mode))
                .maxRetries(0)
                .build());
    await()
        .atMost(STARTS_WITHIN)
        .until(() -> chronos.job(job.id()).orElseThrow().status() == JobStatus.COMPLETED);
    return chronos.job(job.id()).orElseThrow();
  }

  @Test
  void a_completion_with_auto_commit_on_is_committed_at_once() throws Exception {
    Job done = shipOn("o-auto-complete", "auto");
    assertThat(refusals.get("o-auto-complete")).isEqualTo("none");
    assertThat(done.result().get("shipped").asText()).isEqualTo("o-auto-complete");
    assertThat(done.result().has("returned")).as("the return value is ignored").isFalse();
    assertThat(chronos.executions(done.id())).hasSize(1);
  }

  @Test
  void a_completion_on_a_read_only_connection_is_refused_and_the_attempt_ends_as_returned()
      throws Exception {
    Job done = shipOn("o-ro-complete", "read-only");
    Assumptions.assumeTrue(readOnly.get("o-ro-complete"), "the driver ignores setReadOnly");
    assertThat(refusals.get("o-ro-complete"))
        .startsWith("IllegalStateException")
        .contains("read-only");
    assertThat(done.result().get("returned").asText()).isEqualTo("o-ro-complete");
    assertThat(chronos.executions(done.id())).hasSize(1);
  }

  private boolean orderExists(String order) {
    try (Connection c = callerConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM " + orders() + " WHERE id = ?")) {
      ps.setString(1, order);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void insertOrder(Connection c, String order) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + orders() + " VALUES (?)")) {
      ps.setString(1, order);
      ps.executeUpdate();
    }
  }

  private static JobRequest charge(String order) {
    return JobRequest.builder()
        .name("Charge " + order)
        .handler("charge")
        .payload(Map.of("order", order))
        .build();
  }

  /**
   * A keyed charge due in an hour: a holder the node does not run meanwhile (on MariaDB a
   * get-or-create that finds the key locks the holder's row until the caller commits, and the
   * node's own writes to that row would then wait for it, or deadlock).
   */
  private static JobRequest chargeLater(String order, String key) {
    return JobRequest.builder()
        .name("Charge " + order)
        .handler("charge")
        .payload(Map.of("order", order))
        .idempotencyKey(key)
        .delay(1, dev.chronos.DelayUnit.HOUR)
        .build();
  }

  private static JobRequest charge(String order, String key) {
    return JobRequest.builder()
        .name("Charge " + order)
        .handler("charge")
        .payload(Map.of("order", order))
        .idempotencyKey(key)
        .build();
  }

  @Test
  void a_committed_job_runs_soon_after_the_commit_and_sees_the_business_write() throws Exception {
    Job job;
    try (Connection c = callerConnection()) {
      c.setAutoCommit(false);
      insertOrder(c, "o-1");
      job = chronos.submit(c, charge("o-1"));
      assertThat(store.find(job.id())).as("invisible to others before the commit").isEmpty();
      committedAtNanos = System.nanoTime();
      c.commit();
    }
    await().atMost(STARTS_WITHIN).until(() -> ran.containsKey("o-1"));
    assertThat(ran.get("o-1")).as("the order row was committed when the job started").isTrue();
    await()
        .atMost(STARTS_WITHIN)
        .until(() -> chronos.job(job.id()).orElseThrow().status() == JobStatus.COMPLETED);
    System.out.println(getClass().getSimpleName() + ": commit to start " + startMillis + " ms");
  }

  @Test
  void a_rolled_back_job_is_not_stored_and_never_runs() throws Exception {
    Job job;
    try (Connection c = callerConnection()) {
      c.setAutoCommit(false);
      insertOrder(c, "o-rolled-back");
      job = chronos.submit(c, charge("o-rolled-back"));
      c.rollback();
    }
    assertThat(store.find(job.id())).isEmpty();
    // A job submitted after it runs; the rolled-back one, due earlier, did not.
    try (Connection c = callerConnection()) {
      c.setAutoCommit(false);
      insertOrder(c, "o-after");
      chronos.submit(c, charge("o-after"));
      c.commit();
    }
    await().atMost(STARTS_WITHIN).until(() -> ran.containsKey("o-after"));
    assertThat(ran).doesNotContainKey("o-rolled-back");
    assertThat(chronos.job(job.id())).isEmpty();
  }

  @Test
  void a_taken_key_throws_and_the_callers_transaction_goes_on() throws Exception {
    Job holder = chronos.submit(chargeLater("o-first", "charge-42"));
    try (Connection c = callerConnection()) {
      c.setAutoCommit(false);
      insertOrder(c, "o-second");
      assertThatThrownBy(() -> chronos.submit(c, charge("o-second", "charge-42")))
          .isInstanceOf(IdempotencyKeyConflictException.class)
          .hasMessageContaining(holder.id().toString());
      // The transaction is still usable: the business write and a second job commit.
      insertOrder(c, "o-third");
      Job third = chronos.submit(c, charge("o-third", "charge-43"));
      c.commit();
      assertThat(store.find(third.id())).isPresent();
    }
    assertThat(orderExists("o-second")).isTrue();
    assertThat(orderExists("o-third")).isTrue();
  }

  @Test
  void a_transaction_racing_an_open_one_on_a_key_finds_its_job_at_commit_and_creates_at_rollback()
      throws Exception {
    for (boolean firstCommits : List.of(true, false)) {
      String key = "race-" + firstCommits;
      try (Connection first = callerConnection();
          Connection second = callerConnection()) {
        first.setAutoCommit(false);
        second.setAutoCommit(false);
        Submission mine = chronos.submit(first, charge("o-1", key), OnConflict.RETURN_EXISTING);
        assertThat(mine.created()).isTrue();
        // The second transaction runs into the first's uncommitted key: it waits for the first to
        // end (or comes after it), and neither raises an error nor aborts.
        CompletableFuture<Submission> theirs =
            CompletableFuture.supplyAsync(
                () -> chronos.submit(second, charge("o-2", key), OnConflict.RETURN_EXISTING));
        if (firstCommits) {
          first.commit();
        } else {
          first.rollback();
        }
        Submission raced = theirs.get(60, TimeUnit.SECONDS);
        insertOrder(second, "o-2-" + key); // the second transaction goes on
        second.commit();
        if (firstCommits) {
          assertThat(raced.created()).isFalse();
          assertThat(raced.job().id()).isEqualTo(mine.job().id());
        } else {
          assertThat(raced.created()).isTrue();
          assertThat(store.find(mine.job().id())).isEmpty();
        }
        assertThat(store.find(raced.job().id())).isPresent();
      }
      assertThat(orderExists("o-2-" + key)).isTrue();
    }
  }

  @Test
  void get_or_create_in_a_transaction_returns_the_holder() throws Exception {
    Job holder = chronos.submit(chargeLater("o-a", "charge-7"));
    try (Connection c = callerConnection()) {
      c.setAutoCommit(false);
      Submission again = chronos.submit(c, charge("o-a", "charge-7"), OnConflict.RETURN_EXISTING);
      assertThat(again.created()).isFalse();
      assertThat(again.job().id()).isEqualTo(holder.id());
      assertThatThrownBy(
              () ->
                  chronos.submit(
                      c, charge("o-other", "charge-7"), OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD))
          .isInstanceOf(IdempotencyKeyConflictException.class);
      Submission fresh = chronos.submit(c, charge("o-b", "charge-8"), OnConflict.RETURN_EXISTING);
      assertThat(fresh.created()).isTrue();
      // A second get-or-create in the same transaction sees the first one's uncommitted row.
      Submission same = chronos.submit(c, charge("o-b", "charge-8"), OnConflict.RETURN_EXISTING);
      assertThat(same.created()).isFalse();
      assertThat(same.job().id()).isEqualTo(fresh.job().id());
      c.commit();
    }
  }

  @Test
  void the_connection_is_left_as_the_caller_set_it() throws Exception {
    try (Connection c = callerConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      chronos.submit(c, charge("o-state", "state-1"));
      chronos.submit(c, charge("o-state-2"));
      assertThat(c.isClosed()).isFalse();
      assertThat(c.getAutoCommit()).isFalse();
      assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
      assertThat(c.isReadOnly()).isFalse();
      // Still in the caller's open transaction: a rollback undoes both jobs.
      c.rollback();
    }
    assertThat(jobCount()).isZero();
  }

  @Test
  void with_auto_commit_on_the_job_is_committed_at_once_and_runs() throws Exception {
    try (Connection c = callerConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
      insertOrder(c, "o-auto");
      Job job = chronos.submit(c, charge("o-auto"));
      assertThat(store.find(job.id())).isPresent();
      assertThat(c.getAutoCommit()).isTrue();
    }
    await().atMost(STARTS_WITHIN).until(() -> ran.containsKey("o-auto"));
  }

  @Test
  void a_read_only_connection_is_refused_before_anything_is_sent() throws Exception {
    try (Connection c = callerConnection()) {
      c.setAutoCommit(false);
      c.setReadOnly(true);
      // H2 takes the read-only flag as a hint it ignores (isReadOnly stays false).
      Assumptions.assumeTrue(c.isReadOnly(), "the driver ignores setReadOnly");
      assertThatThrownBy(() -> chronos.submit(c, charge("o-ro")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("read-only");
      assertThat(c.isReadOnly()).isTrue();
      assertThat(c.getAutoCommit()).isFalse();
      c.rollback();
    }
    assertThat(jobCount()).isZero();
  }

  @Test
  void a_closed_connection_is_refused() throws Exception {
    Connection c = callerConnection();
    c.close();
    assertThatThrownBy(() -> chronos.submit(c, charge("o-closed")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(jobCount()).isZero();
  }

  /** Jobs stored, read on a connection of the store's database. */
  protected long jobCount() throws SQLException {
    try (Connection c = callerConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + store.tablePrefix() + "jobs")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Job ship(String order, boolean commit) {
    return chronos.submit(
        JobRequest.builder()
            .name("Ship " + order)
            .handler("ship")
            .payload(Map.of("order", order, "commit", commit))
            .build());
  }

  @Test
  void a_handler_completes_in_its_own_transaction_with_its_business_write() throws Exception {
    Job job = ship("o-ship", true);
    await()
        .atMost(STARTS_WITHIN)
        .until(() -> chronos.job(job.id()).orElseThrow().status() == JobStatus.COMPLETED);
    Job done = chronos.job(job.id()).orElseThrow();
    assertThat(done.result().get("shipped").asText()).isEqualTo("o-ship");
    assertThat(done.result().has("returned")).as("the return value is ignored").isFalse();
    assertThat(orderExists("shipped-o-ship")).isTrue();
    assertThat(orderExists("after-second-o-ship")).isTrue();
    List<dev.chronos.Execution> executions = chronos.executions(job.id());
    assertThat(executions).hasSize(1);
    assertThat(executions.get(0).status()).isEqualTo(dev.chronos.ExecutionStatus.COMPLETED);
    assertThat(executions.get(0).result()).isEqualTo(done.result());
    // The node reports the completion the handler's transaction committed, once.
    await().atMost(STARTS_WITHIN).until(() -> completions.containsKey(job.id()));
    assertThat(completions.get(job.id()))
        .extracting(dev.chronos.Execution::id)
        .containsExactly(executions.get(0).id());
  }

  @Test
  void a_rolled_back_completion_leaves_the_attempt_to_its_normal_outcome() throws Exception {
    Job job = ship("o-rollback", false);
    await()
        .atMost(STARTS_WITHIN)
        .until(() -> chronos.job(job.id()).orElseThrow().status() == JobStatus.COMPLETED);
    Job done = chronos.job(job.id()).orElseThrow();
    assertThat(done.result().get("returned").asText()).isEqualTo("o-rollback");
    assertThat(done.result().has("shipped")).isFalse();
    assertThat(orderExists("shipped-o-rollback")).isFalse();
    assertThat(chronos.executions(job.id())).hasSize(1);
  }
}
