package dev.chronos.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.Execution;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobNotFoundException;
import dev.chronos.JobQuery;
import dev.chronos.JobStateConflictException;
import dev.chronos.JobStatus;
import dev.chronos.NodeIdInUseException;
import dev.chronos.Page;
import dev.chronos.Schedule;
import dev.chronos.ScheduleKeyConflictException;
import dev.chronos.ScheduleQuery;
import dev.chronos.StoreRejectedException;
import dev.chronos.StoreUnavailableException;
import dev.chronos.jdbc.internal.FailureClassifier;
import dev.chronos.jdbc.internal.FailureKind;
import dev.chronos.jdbc.internal.H2Folder;
import dev.chronos.jdbc.internal.JdbcStatements;
import dev.chronos.jdbc.internal.Migrations;
import dev.chronos.jdbc.internal.NodeStatements;
import dev.chronos.jdbc.internal.PgNotifications;
import dev.chronos.jdbc.internal.Sql;
import dev.chronos.jdbc.internal.StoreStatements;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.DueSignal;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.ExpiredLease;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.RegisteredNode;
import dev.chronos.spi.ScheduleFire;
import dev.chronos.spi.TransactionalJobStore;
import dev.chronos.spi.WaitingHandler;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * A {@link JobStore} in a relational database, through Jdbi over a {@link DataSource}: embedded H2
 * in a folder for one process ({@link #h2(Path)}), or PostgreSQL shared by many nodes ({@link
 * #create(DataSource)}). Thread-safe; safe to share one database between nodes.
 *
 * <p>The schema is created and migrated at construction (turn this off with {@link
 * Builder#createSchema(boolean)} and apply the SQL in {@code dev/chronos/jdbc/migrations/}
 * yourself). On PostgreSQL claims use {@code FOR UPDATE SKIP LOCKED} so nodes never wait on each
 * other's rows, and a submit of a job due within 10 minutes sends a NOTIFY that wakes, at once, the
 * other nodes that deliver it. Every hot statement reads only the rows it returns from an index,
 * however big the tables (its SQL is in {@code dev/chronos/jdbc/sql/<dialect>/}); job lists page by
 * cursor ({@link dev.chronos.JobQuery.Builder#after(String)}) and count their matches up to 10,000
 * ({@link dev.chronos.Page#totalIsExact()}).
 *
 * <p>Every failure of the database surfaces as one of two exceptions, after which nothing has
 * changed: {@link StoreUnavailableException} when it could not do the work now (unreachable,
 * overloaded, a lock wait or a statement timed out, shut down, read-only, the schema missing:
 * retrying later may succeed) and {@link StoreRejectedException} when it refused the data (a value
 * its column cannot hold, a constraint: the same data never succeeds). PostgreSQL's failures are
 * told apart by SQLState, H2's by error code; a transaction rolled back for a deadlock or a
 * serialization conflict is run again at once, up to 5 times, before it counts as unavailable. Text
 * PostgreSQL cannot store (U+0000 in text, or escaped in JSON) is refused on both databases before
 * anything is sent, naming the field.
 *
 * <p>On MariaDB 10.6+ ({@link Dialect#MARIADB}) batch claims use {@code SKIP LOCKED} as well, and
 * claims of listed jobs wait at most a second for a row another transaction holds; it has no
 * NOTIFY, so other nodes find new work at their next poll. Its failures are told apart by error
 * code: a deadlock (1213) is run again as above, a lock wait timeout (1205) is unavailable.
 */
public final class JdbcJobStore implements JobStore, TransactionalJobStore {
  /** The default table prefix. */
  public static final String DEFAULT_PREFIX = "chronos_";

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final Sql sql;
  private final StoreStatements statements;
  private final NodeStatements nodes;
  private final HikariDataSource ownedPool;
  private final PgNotifications notifications;
  private final FailureClassifier failures;
  private final String description;

  private JdbcJobStore(Builder b) {
    DataSource dataSource = b.dataSource;
    // An embedded H2 database another process has open is refused at once by H2, but a pool
    // would retry until its timeout: open it directly first, and hold it while the pool starts.
    Connection firstOpen =
        dataSource == null && H2Folder.isEmbeddedFile(b.jdbcUrl)
            ? H2Folder.open(b.jdbcUrl, b.user, b.password)
            : null;
    this.ownedPool = dataSource == null ? b.newPool() : null;
    DataSource ds = dataSource == null ? ownedPool : dataSource;
    try {
      String url;
      try (Connection c = ds.getConnection()) {
        this.dialect = Dialect.detect(c);
        url = c.getMetaData().getURL();
      }
      this.failures = FailureClassifier.of(dialect);
      this.sql = new Sql(dialect, b.prefix);
      this.jdbi = JdbcStatements.jdbi(ds, dialect);
      this.description =
          dialect.folder() + ":" + url.replaceAll("(?i)password=[^;&]*", "password=***");
      if (b.createSchema) {
        Migrations.apply(jdbi, sql, url);
      }
      this.notifications =
          dialect == Dialect.POSTGRESQL ? new PgNotifications(ds, sql.channel()) : null;
      this.statements = StoreStatements.of(jdbi, sql, notifications != null);
      this.nodes = new NodeStatements(jdbi, sql);
    } catch (SQLException | JdbiException | IllegalArgumentException e) {
      if (ownedPool != null) {
        ownedPool.close();
      }
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      String inUse = H2Folder.inUseMessage(e, b.jdbcUrl == null ? "of the data source" : b.jdbcUrl);
      throw new StoreUnavailableException(
          inUse != null ? inUse : "Could not open the job store: " + e.getMessage(), e);
    } finally {
      closeQuietly(firstOpen);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Only the check's connection: the pool has its own.
      }
    }
  }

  /**
   * An embedded H2 database in a folder (created if missing), with a connection pool the store owns
   * and closes. Only one process can open the folder at a time; stores opened on the same folder in
   * one process share the database.
   *
   * @param dir the folder of the database files
   * @return the store, schema applied
   * @throws StoreUnavailableException if the database cannot be opened; at once, with a message
   *     saying so and what to do instead, if another process has the folder open
   * @throws IllegalStateException if H2 ({@code com.h2database:h2}, an optional dependency of
   *     chronos-jdbc) is not on the class path
   */
  public static JdbcJobStore h2(Path dir) {
    return builder().h2(dir).build();
  }

  /**
   * A store on a data source you own (and close); the dialect is detected from it.
   *
   * @param dataSource a pool for H2, PostgreSQL or MariaDB
   * @return the store, schema applied
   * @throws StoreUnavailableException if the database cannot be reached
   */
  public static JdbcJobStore create(DataSource dataSource) {
    return builder().dataSource(dataSource).build();
  }

  /**
   * Starts configuring a store.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The detected dialect.
   *
   * @return H2, PostgreSQL or MariaDB
   */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * The table prefix.
   *
   * @return the prefix, for example {@code chronos_}
   */
  public String tablePrefix() {
    return sql.prefix();
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * Runs one operation (one transaction) and turns its failure into the caller's exception by the
   * dialect's classification. A transaction the database rolled back to break a deadlock or a
   * serialization conflict had no effect and is run again, up to 5 times, then counts as
   * unavailable.
   */
  private <T> T call(String what, Supplier<T> body) {
    for (int attempt = 1; ; attempt++) {
      try {
        return body.get();
      } catch (JdbiException e) {
        FailureKind kind = failures.classify(e);
        if (kind == FailureKind.CONFLICT && attempt < 5) {
          continue;
        }
        if (kind == FailureKind.REJECTED) {
          throw new StoreRejectedException(
              "Job store "
                  + description
                  + " refused the data to "
                  + what
                  + " (nothing was stored; the same data fails again): "
                  + rootMessage(e),
              e);
        }
        throw new StoreUnavailableException(
            "Job store " + description + " failed to " + what + ": " + rootMessage(e), e);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  @Override
  public void insert(Job job) {
    insertAll(List.of(job));
  }

  @Override
  public void insertAll(List<Job> jobs) {
    Objects.requireNonNull(jobs, "jobs");
    statements.checkBatchKeys(jobs);
    for (int round = 0; ; round++) {
      try {
        call("insert jobs", () -> statements.insertAll(jobs));
        return;
      } catch (StoreRejectedException e) {
        if (!JdbcStatements.isUniqueViolation(e)) {
          throw e;
        }
        Optional<IdempotencyKeyConflictException> conflict =
            call("look up idempotency keys", () -> statements.firstConflict(jobs));
        if (conflict.isPresent()) {
          throw conflict.get();
        }
        if (round >= 10) {
          // Not an idempotency key (a job id stored twice): the same jobs fail again.
          throw e;
        }
        // The row that clashed is gone (its insert rolled back, or it was purged): try again.
      }
    }
  }

  @Override
  public Optional<Job> find(UUID jobId) {
    return call("find a job", () -> statements.findJob(jobId));
  }

  @Override
  public Optional<Job> findByIdempotencyKey(String account, String idempotencyKey) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    return call(
        "find a job by its idempotency key",
        () -> statements.findJobByKey(account, idempotencyKey));
  }

  @Override
  public Page<Job> query(JobQuery query) {
    return call("list jobs", () -> statements.query(query));
  }

  @Override
  public List<DueJob> findDue(JobSelector selector, Instant horizon, int limit) {
    return call("find due jobs", () -> statements.findDue(selector, null, horizon, limit));
  }

  @Override
  public List<DueJob> findDue(JobSelector selector, Instant from, Instant horizon, int limit) {
    return call("find due jobs", () -> statements.findDue(selector, from, horizon, limit));
  }

  /**
   * True on PostgreSQL, whose NOTIFY announces every job made runnable and due within a day
   * (submits, retries, releases, operations by hand), while its listener connection is LISTENing;
   * false while it reconnects, and on H2 and MariaDB, which are read whole at every poll.
   */
  @Override
  public boolean announcesDueJobs() {
    return notifications != null && notifications.listening();
  }

  @Override
  public List<Attempt> claim(
      Collection<UUID> jobIds, String node, Instant now, Duration leaseGrace) {
    return call("claim jobs", () -> statements.claim(jobIds, node, now, leaseGrace));
  }

  @Override
  public List<Attempt> claimDue(
      JobSelector selector, int max, String node, Instant now, Duration leaseGrace) {
    return call("claim due jobs", () -> statements.claimDue(selector, max, node, now, leaseGrace));
  }

  @Override
  public Optional<Attempt> finish(ExecutionOutcome outcome, Instant now) {
    return call(
        "record an execution's outcome", () -> statements.finishAll(List.of(outcome), now).get(0));
  }

  @Override
  public List<Optional<Attempt>> finishAll(List<ExecutionOutcome> outcomes, Instant now) {
    return call("record executions' outcomes", () -> statements.finishAll(outcomes, now));
  }

  @Override
  public Optional<Execution> extend(UUID executionId, Instant leaseExpiresAt, Instant now) {
    return call("extend a lease", () -> statements.extend(executionId, leaseExpiresAt, now));
  }

  @Override
  public List<ExpiredLease> findExpiredLeases(Instant now, int limit) {
    return call("find expired leases", () -> statements.expiredLeases(now, limit));
  }

  @Override
  public List<Execution> findRunning(String node, int limit) {
    Objects.requireNonNull(node, "node");
    return call("find a node's running executions", () -> statements.runningOfNode(node, limit));
  }

  @Override
  public Job cancel(UUID jobId, Instant now) {
    Object result = call("cancel a job", () -> statements.cancel(jobId, now));
    if (result instanceof Job job) {
      return job;
    }
    if (result instanceof JobStatus status) {
      throw new JobStateConflictException(jobId, status, "cancel");
    }
    throw new JobNotFoundException(jobId);
  }

  @Override
  public List<Execution> executions(UUID jobId) {
    return call("list executions", () -> statements.executions(jobId));
  }

  @Override
  public int purge(Set<JobStatus> statuses, Instant before, int limit) {
    for (JobStatus status : statuses) {
      if (!status.isTerminal()) {
        throw new IllegalArgumentException(
            "only finished jobs can be purged, not " + status.json());
      }
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
    }
    return call("purge finished jobs", () -> statements.purge(statuses, before, limit));
  }

  @Override
  public List<WaitingHandler> waitingHandlers(Instant dueBefore, Set<String> excluded, int limit) {
    return call(
        "find jobs waiting for a handler",
        () -> statements.waitingHandlers(dueBefore, excluded, limit));
  }

  @Override
  public void registerNode(RegisteredNode node, Duration timeout) {
    Optional<RegisteredNode> holder =
        call("register node " + node.nodeId(), () -> nodes.register(node, timeout));
    if (holder.isPresent()) {
      throw new NodeIdInUseException(
          node.nodeId(),
          description + " (tables " + sql.prefix() + ")",
          holder.get().startedAt(),
          holder.get().heartbeatAt(),
          timeout);
    }
  }

  @Override
  public boolean heartbeat(
      String nodeId, UUID registrationId, Set<String> pulledHandlers, Instant now) {
    return call(
        "record node " + nodeId + "'s heartbeat",
        () -> nodes.heartbeat(nodeId, registrationId, pulledHandlers, now));
  }

  @Override
  public List<RegisteredNode> liveNodes(Instant now, Duration timeout) {
    return call("list live nodes", () -> nodes.live(now, timeout));
  }

  @Override
  public void unregisterNode(String nodeId, UUID registrationId) {
    call("unregister node " + nodeId, () -> nodes.unregister(nodeId, registrationId));
  }

  @Override
  public int removeDeadNodes(Instant heartbeatBefore) {
    return call("remove dead nodes", () -> nodes.removeDead(heartbeatBefore));
  }

  @Override
  public boolean acquireLease(String name, String holder, Instant now, Duration duration) {
    return call(
        "take the " + name + " lease", () -> nodes.acquireLease(name, holder, now, duration));
  }

  @Override
  public void releaseLease(String name, String holder) {
    call("release the " + name + " lease", () -> nodes.releaseLease(name, holder));
  }

  @Override
  public void insertSchedule(Schedule schedule) {
    if (schedule.key() != null) {
      insertScheduleIfAbsent(schedule)
          .ifPresent(
              holder -> {
                throw new ScheduleKeyConflictException(
                    schedule.account(), schedule.key(), holder.id());
              });
      return;
    }
    call("insert a schedule", () -> statements.insertSchedule(schedule));
  }

  @Override
  public Optional<Schedule> findSchedule(UUID scheduleId) {
    return call("find a schedule", () -> statements.findSchedule(scheduleId));
  }

  @Override
  public Page<Schedule> querySchedules(ScheduleQuery query) {
    return call("list schedules", () -> statements.querySchedules(query));
  }

  @Override
  public boolean replaceSchedule(Schedule next, long expectedVersion) {
    return call("update a schedule", () -> statements.replaceSchedule(next, expectedVersion));
  }

  @Override
  public boolean fire(ScheduleFire fire) {
    return call("fire a schedule", () -> statements.fire(fire));
  }

  @Override
  public List<DueJob> findDueSchedules(Instant horizon, int limit) {
    return call("find due schedules", () -> statements.dueSchedules(horizon, limit));
  }

  @Override
  public boolean hasUnfinishedJob(UUID scheduleId) {
    return call(
        "look for a schedule's unfinished job", () -> statements.hasUnfinishedJob(scheduleId));
  }

  @Override
  public List<Job> cancelScheduleJobs(UUID scheduleId, Instant now) {
    return call("cancel a schedule's jobs", () -> statements.cancelScheduleJobs(scheduleId, now));
  }

  // ---- operations by hand and get-or-create ---------------------------------------------------

  @Override
  public Optional<Job> insertIfAbsent(Job job, boolean requireSamePayload) {
    Objects.requireNonNull(job, "job");
    if (job.idempotencyKey() == null) {
      insert(job);
      return Optional.empty();
    }
    return call(
        "insert a job unless its key is held",
        () -> statements.insertIfAbsent(job, requireSamePayload));
  }

  /**
   * Writes the job with the caller's connection, in its transaction: one statement on PostgreSQL
   * ({@code INSERT ... ON CONFLICT ... RETURNING}, with the NOTIFY for a job due soon, delivered at
   * commit); a MERGE and a read on H2; {@code INSERT ... ON DUPLICATE KEY UPDATE id = id} and a
   * locking read of the holder on MariaDB. The connection must be to this store's database. Nothing
   * is committed, rolled back or closed, and no setting of the connection is changed.
   */
  @Override
  public Optional<Job> insertIfAbsent(Connection connection, Job job, boolean requireSamePayload) {
    Objects.requireNonNull(job, "job");
    return inCallersTransaction(
        connection,
        "insert a job in the caller's transaction",
        h -> statements.insertIfAbsent(h, job, requireSamePayload));
  }

  /** Reads the holder of a key with the caller's connection, in its transaction. */
  @Override
  public Optional<Job> findByIdempotencyKey(
      Connection connection, String account, String idempotencyKey) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    return inCallersTransaction(
        connection,
        "find a job by its idempotency key in the caller's transaction",
        h -> statements.findJobByKey(h, account, idempotencyKey));
  }

  /** Ends the execution with the caller's connection, fenced, in its transaction. */
  @Override
  public Optional<Attempt> finish(Connection connection, ExecutionOutcome outcome, Instant now) {
    Objects.requireNonNull(outcome, "outcome");
    return inCallersTransaction(
        connection,
        "record an execution's outcome in the caller's transaction",
        h -> statements.finishAll(h, List.of(outcome), now).get(0));
  }

  /** True on PostgreSQL: the NOTIFY sent in the caller's transaction is delivered at commit. */
  @Override
  public boolean announcesCommits() {
    return notifications != null;
  }

  /**
   * Runs statements on a caller's connection. Unlike {@link #call}, never runs them again (a
   * deadlock on PostgreSQL has aborted the caller's transaction: only the caller can start over),
   * and says plainly when the caller's transaction could not take the write.
   */
  private <T> T inCallersTransaction(
      Connection connection, String what, java.util.function.Function<Handle, T> body) {
    Objects.requireNonNull(connection, "connection");
    try {
      if (connection.isClosed()) {
        throw new IllegalStateException("Cannot " + what + ": the connection is closed");
      }
      if (connection.isReadOnly()) {
        throw new IllegalStateException(
            "Cannot " + what + ": the connection is read-only (nothing was written)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot " + what + ": " + e.getMessage(), e);
    }
    try (Handle h = JdbcStatements.jdbiOn(connection, statements.dialect()).open()) {
      return body.apply(h);
    } catch (JdbiException e) {
      String state = sqlState(e);
      if ("25P02".equals(state)) {
        throw new IllegalStateException(
            "Cannot "
                + what
                + ": the caller's transaction has already failed (PostgreSQL aborted it after an"
                + " earlier error; roll it back first). Nothing was written",
            e);
      }
      if ("25006".equals(state)) {
        throw new IllegalStateException(
            "Cannot " + what + ": the caller's transaction is read-only. Nothing was written", e);
      }
      FailureKind kind = failures.classify(e);
      if (kind == FailureKind.CONFLICT) {
        throw new StoreUnavailableException(
            "Job store "
                + description
                + " failed to "
                + what
                + ": the database ended the caller's transaction for a deadlock or a"
                + " serialization conflict; roll it back and start it over (nothing of it will"
                + " commit): "
                + rootMessage(e),
            e);
      }
      if (kind == FailureKind.REJECTED) {
        throw new StoreRejectedException(
            "Job store " + description + " refused the data to " + what + ": " + rootMessage(e), e);
      }
      throw new StoreUnavailableException(
          "Job store " + description + " failed to " + what + ": " + rootMessage(e), e);
    }
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return null;
  }

  @Override
  public Job retry(UUID jobId, Instant now) {
    return changed(jobId, "retry", call("retry a job", () -> statements.retry(jobId, now)));
  }

  @Override
  public List<Job> retryAll(Collection<UUID> jobIds, Instant now) {
    return call("retry jobs", () -> statements.retryAll(jobIds, now));
  }

  @Override
  public Job runNow(UUID jobId, Instant now) {
    return changed(jobId, "run now", call("run a job now", () -> statements.runNow(jobId, now)));
  }

  @Override
  public Job reschedule(UUID jobId, Instant runAt, Instant now) {
    Objects.requireNonNull(runAt, "runAt");
    return changed(
        jobId,
        "reschedule",
        call("reschedule a job", () -> statements.reschedule(jobId, runAt, now)));
  }

  @Override
  public List<Job> cancelAll(Collection<UUID> jobIds, Instant now) {
    return call("cancel jobs", () -> statements.cancelAll(jobIds, now));
  }

  /** The job an operation by hand changed, or the exception that says why it did not. */
  private static Job changed(UUID jobId, String operation, Object result) {
    if (result instanceof Job job) {
      return job;
    }
    if (result instanceof StoreStatements.JobState state) {
      if (state.status().isRunnable() && "manual".equals(state.nextTrigger())) {
        throw new JobStateConflictException(
            jobId, state.status(), operation, "it is already due to run now by hand");
      }
      throw new JobStateConflictException(jobId, state.status(), operation);
    }
    throw new JobNotFoundException(jobId);
  }

  @Override
  public Optional<Schedule> insertScheduleIfAbsent(Schedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    if (schedule.key() == null) {
      throw new IllegalArgumentException("schedule " + schedule.id() + " has no key");
    }
    return call(
        "insert a schedule unless its key is held",
        () -> statements.insertScheduleIfAbsent(schedule));
  }

  @Override
  public Optional<Schedule> findScheduleByKey(String account, String key) {
    return call("find a schedule by key", () -> statements.findScheduleByKey(account, key));
  }

  @Override
  public AutoCloseable subscribe(Runnable callback) {
    return notifications == null
        ? JobStore.super.subscribe(callback)
        : notifications.subscribe(callback);
  }

  /**
   * On PostgreSQL, calls back only for the wake-ups {@code wanted} accepts: each NOTIFY says the
   * delivery type, handler and earliest due time of what became due, and only jobs due within 10
   * minutes of their submit or retry are announced at all. Wake-ups that do not say (from earlier
   * versions, a batch of many kinds of job, a reconnect) always call back.
   */
  @Override
  public AutoCloseable subscribe(Predicate<DueSignal> wanted, Runnable callback) {
    return notifications == null
        ? JobStore.super.subscribe(wanted, callback)
        : notifications.subscribe(wanted, callback);
  }

  /**
   * Closes the pool the store owns ({@link #h2(Path)}, {@link Builder#jdbcUrl}); a data source
   * given in stays open.
   */
  @Override
  public void close() {
    if (notifications != null) {
      notifications.close();
    }
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  @Override
  public String toString() {
    return "JdbcJobStore{" + description + ", prefix=" + sql.prefix() + "}";
  }

  /** Configures a {@link JdbcJobStore}. Not thread-safe. */
  public static final class Builder {
    private DataSource dataSource;
    private String jdbcUrl;
    private String user;
    private String password;
    private String prefix = DEFAULT_PREFIX;
    private boolean createSchema = true;
    private int maxPoolSize = 10;
    private Duration connectionTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Uses a data source you own; the store does not close it.
     *
     * @param dataSource an H2, PostgreSQL or MariaDB data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Uses an embedded H2 database in this folder, with a pool the store owns (connection timeout
     * 30 s: opening a database file can be slow, and it cannot be unreachable).
     *
     * @param dir the folder
     * @return this builder
     */
    public Builder h2(Path dir) {
      Path file = dir.toAbsolutePath().resolve("chronos");
      // An embedded database is never "down": opening it can only be slow (recovery, a loaded
      // machine), so it gets a longer wait than a server.
      this.connectionTimeout = Duration.ofSeconds(30);
      return jdbcUrl(
          "jdbc:h2:file:" + file + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    }

    /**
     * Builds a HikariCP pool for this JDBC URL, owned and closed by the store.
     *
     * @param jdbcUrl an H2, PostgreSQL or MariaDB URL
     * @param user the user
     * @param password the password
     * @return this builder
     * @throws IllegalStateException if the URL is an H2 one and H2 is not on the class path
     */
    public Builder jdbcUrl(String jdbcUrl, String user, String password) {
      this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      if (jdbcUrl.startsWith("jdbc:h2:")) {
        requireH2();
      }
      this.user = user;
      this.password = password;
      return this;
    }

    /**
     * Sets the table prefix (default {@code chronos_}): letters, digits and underscores.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder tablePrefix(String prefix) {
      Sql.checkPrefix(Objects.requireNonNull(prefix, "prefix"));
      this.prefix = prefix;
      return this;
    }

    /**
     * Whether to create and migrate the schema at start (default true).
     *
     * @param createSchema false when a DBA applies the migrations
     * @return this builder
     */
    public Builder createSchema(boolean createSchema) {
      this.createSchema = createSchema;
      return this;
    }

    /**
     * Sets the size of an owned pool (default 10).
     *
     * @param maxPoolSize 2 or more
     * @return this builder
     */
    public Builder maxPoolSize(int maxPoolSize) {
      if (maxPoolSize < 2) {
        throw new IllegalArgumentException("maxPoolSize must be 2 or more, was " + maxPoolSize);
      }
      this.maxPoolSize = maxPoolSize;
      return this;
    }

    /**
     * Sets how long an owned pool waits for a connection before the operation fails with {@link
     * StoreUnavailableException} (default 5 s).
     *
     * @param connectionTimeout 250 ms or more
     * @return this builder
     */
    public Builder connectionTimeout(Duration connectionTimeout) {
      if (connectionTimeout.toMillis() < 250) {
        throw new IllegalArgumentException("connectionTimeout must be at least 250 ms");
      }
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /**
     * Opens the store.
     *
     * @return the store
     * @throws IllegalStateException if neither a data source nor a URL was given
     * @throws StoreUnavailableException if the database cannot be reached
     */
    public JdbcJobStore build() {
      if (dataSource == null && jdbcUrl == null) {
        throw new IllegalStateException("Give a dataSource, a jdbcUrl or an h2 folder");
      }
      return new JdbcJobStore(this);
    }

    /**
     * H2 is an optional dependency, so that applications on PostgreSQL do not carry it: without
     * this check, asking for H2 without it fails deep in the pool with "no suitable driver".
     */
    private static void requireH2() {
      try {
        Class.forName("org.h2.Driver", false, JdbcJobStore.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(
            "The embedded H2 store needs the H2 database on the class path: add the dependency"
                + " com.h2database:h2 (chronos-jdbc declares it optional, so that applications on"
                + " PostgreSQL do not carry it)",
            e);
      }
    }

    private HikariDataSource newPool() {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(jdbcUrl);
      config.setUsername(user);
      config.setPassword(password);
      config.setMaximumPoolSize(maxPoolSize);
      config.setConnectionTimeout(connectionTimeout.toMillis());
      config.setPoolName("chronos");
      config.setInitializationFailTimeout(-1);
      return new HikariDataSource(config);
    }
  }
}
