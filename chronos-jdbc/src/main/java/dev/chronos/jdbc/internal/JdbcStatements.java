package dev.chronos.jdbc.internal;

import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.ExecutionTrigger;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobStatus;
import dev.chronos.Page;
import dev.chronos.Schedule;
import dev.chronos.ScheduleQuery;
import dev.chronos.ScheduleStatus;
import dev.chronos.jdbc.Dialect;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.ExpiredLease;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.PageCursor;
import dev.chronos.spi.PayloadFingerprint;
import dev.chronos.spi.ScheduleFire;
import dev.chronos.spi.WaitingHandler;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * What the dialects share of the {@link StoreStatements}: the operations whose SQL is the same in
 * every dialect (from that dialect's statement files), and the order of the steps of the others. A
 * dialect supplies the steps its database does differently: reading due jobs, claiming, recording
 * started and ended executions, moving jobs on, purging, and waking other nodes.
 */
public abstract class JdbcStatements implements StoreStatements {
  /** The fixed conditions a job list can add to its account's (see {@code job_page.sql}). */
  private static final String ONE_OFF_ONLY = " AND schedule_id IS NULL";

  private static final String OF_SCHEDULE = " AND schedule_id = :scheduleId";
  private static final String OF_STATUSES = " AND status IN (<statuses>)";
  private static final String OF_HANDLER = " AND handler = :handler";
  private static final String OF_SCHEDULE_KEY = " AND schedule_key = :key";

  /** The Jdbi the statements run on. */
  protected final Jdbi jdbi;

  /** The dialect's statement files. */
  protected final Sql sql;

  private final String insertJob;
  private final String jobIdByKey;
  private final String jobById;
  private final String statusById;
  private final String executionById;
  private final String jobsByIds;
  private final String executionsOfJob;
  private final String extendLease;
  private final String expiredLeases;
  private final String runningOfNode;
  private final String cancelJob;
  private final String insertSchedule;
  private final String replaceSchedule;
  private final String scheduleById;
  private final String dueSchedules;
  private final String unfinishedJobOfSchedule;
  private final String runnableJobsOfSchedule;
  private final String jobByKey;
  private final String stateById;
  private final String retryJobs;
  private final String runNow;
  private final String rescheduleJob;
  private final String cancelJobs;
  private final String scheduleByKey;

  /** Loads the shared statements of this dialect (failing at once if a file is missing). */
  protected JdbcStatements(Jdbi jdbi, Sql sql) {
    this.jdbi = jdbi;
    this.sql = sql;
    this.insertJob = sql.load("insert_job");
    this.jobIdByKey = sql.load("job_id_by_key");
    this.jobById = sql.load("job_by_id");
    this.statusById = sql.load("status_by_id");
    this.executionById = sql.load("execution_by_id");
    this.jobsByIds = sql.load("jobs_by_ids");
    this.executionsOfJob = sql.load("executions_of_job");
    this.extendLease = sql.load("extend_lease");
    this.expiredLeases = sql.load("expired_leases");
    this.runningOfNode = sql.load("running_of_node");
    this.cancelJob = sql.load("cancel_job");
    this.insertSchedule = sql.load("insert_schedule");
    this.replaceSchedule = sql.load("replace_schedule");
    this.scheduleById = sql.load("schedule_by_id");
    this.dueSchedules = sql.load("due_schedules");
    this.unfinishedJobOfSchedule = sql.load("unfinished_job_of_schedule");
    this.runnableJobsOfSchedule = sql.load("runnable_jobs_of_schedule");
    this.jobByKey = sql.load("job_by_key");
    this.stateById = sql.load("state_by_id");
    this.retryJobs = sql.load("retry_jobs");
    this.runNow = sql.load("run_now");
    this.rescheduleJob = sql.load("reschedule_job");
    this.cancelJobs = sql.load("cancel_jobs");
    this.scheduleByKey = sql.load("schedule_by_key");
  }

  @Override
  public Dialect dialect() {
    return sql.dialect();
  }

  /** A Jdbi that binds instants as {@code TIMESTAMP WITH TIME ZONE} in UTC. */
  public static Jdbi jdbi(DataSource dataSource) {
    return withArguments(Jdbi.create(dataSource));
  }

  private static Jdbi jdbi(org.jdbi.v3.core.ConnectionFactory connections) {
    return withArguments(Jdbi.create(connections));
  }

  private static Jdbi withArguments(Jdbi jdbi) {
    jdbi.registerArgument(
        new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
          @Override
          protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) ->
                statement.setObject(position, value.atOffset(ZoneOffset.UTC));
          }
        });
    return jdbi;
  }

  /**
   * A Jdbi on a caller's connection, for writes in the caller's transaction: its handles never
   * close the connection and never end its transaction (Jdbi would otherwise roll back a
   * transaction left open when a handle closes). Arguments are bound as for the dialect (see {@link
   * #jdbi(DataSource, Dialect)}).
   */
  public static Jdbi jdbiOn(Connection connection, Dialect dialect) {
    Jdbi jdbi =
        jdbi(
            new org.jdbi.v3.core.ConnectionFactory() {
              @Override
              public Connection openConnection() {
                return connection;
              }

              @Override
              public void closeConnection(Connection c) {
                // The caller's: it stays open.
              }
            });
    jdbi.getConfig(org.jdbi.v3.core.Handles.class).setForceEndTransactions(false);
    if (dialect == Dialect.MARIADB) {
      MariaDbStatements.registerArguments(jdbi);
    }
    return jdbi;
  }

  /**
   * A Jdbi for this dialect: as {@link #jdbi(DataSource)}, and on MariaDB, whose {@code
   * DATETIME(6)} columns have no time zone, instants bound as their UTC wall-clock time ({@link
   * java.time.LocalDateTime}), which the driver sends unchanged whatever the JVM's or the session's
   * time zone (see {@link Rows}, which reads them back as UTC), and UUIDs bound as text.
   */
  public static Jdbi jdbi(DataSource dataSource, Dialect dialect) {
    Jdbi jdbi = jdbi(dataSource);
    if (dialect == Dialect.MARIADB) {
      MariaDbStatements.registerArguments(jdbi);
    }
    return jdbi;
  }

  /**
   * Whether a failure is a unique-index violation (SQLState 23505 on H2 and PostgreSQL, error 1062
   * on MariaDB).
   */
  public static boolean isUniqueViolation(Throwable e) {
    return hasSqlState(e, "23505") || MariaDbFailureClassifier.isDuplicateKey(e);
  }

  private static boolean hasSqlState(Throwable e, String state) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && state.equals(s.getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  // ---- the dialect's steps ----------------------------------------------------------------------

  /**
   * Runnable jobs the selector takes, due from {@code from} by the horizon, earliest first, at most
   * {@code limit}.
   */
  protected abstract List<DueJob> due(
      Handle h, JobSelector selector, Instant from, Instant horizon, int limit);

  /** Claims those of the listed jobs that are runnable and due; returns them after the claim. */
  protected abstract List<Claimed> claimListed(Handle h, Collection<UUID> ids, Instant now);

  /** Claims up to {@code max} due jobs the selector takes; returns them after the claim. */
  protected abstract List<Claimed> claimDueJobs(
      Handle h, JobSelector selector, int max, Instant now);

  /**
   * Get-or-create of one job with a key: stores it unless the key is held, and returns the holder
   * either way, never raising the unique violation to the caller.
   */
  protected abstract Held insertOrFind(Job job);

  /**
   * Get-or-create of one job with a key on a handle in a caller's transaction, as one statement the
   * caller's transaction survives (never a unique violation on a database where that aborts the
   * transaction). A dialect that cannot join a caller's transaction leaves this as it is.
   */
  protected Held insertOrFind(Handle h, Job job) {
    throw new UnsupportedOperationException(
        "The " + sql.dialect() + " job store cannot write in a caller's transaction");
  }

  /** Get-or-create of one schedule with a key, as {@link #insertOrFind} for jobs. */
  protected abstract HeldSchedule insertScheduleOrFind(Schedule schedule);

  /**
   * A claimed job with what its attempt's trigger and retry budget need: its uncounted attempts and
   * the trigger set by hand, if any.
   */
  protected record Claimed(Job job, int released, String nextTrigger) {}

  /** Maps a claimed job row. */
  protected static final org.jdbi.v3.core.mapper.RowMapper<Claimed> CLAIMED =
      (rs, ctx) ->
          new Claimed(Rows.JOB.map(rs, ctx), rs.getInt("released"), rs.getString("next_trigger"));

  /**
   * The job that holds a key after a get-or-create, whether this call inserted it, and its stored
   * payload fingerprint (null for rows from before schema V7).
   */
  protected record Held(Job job, boolean inserted, String fingerprint) {}

  /** The schedule that holds a key after a get-or-create, and whether this call inserted it. */
  protected record HeldSchedule(Schedule schedule, boolean inserted) {}

  /** Records the running executions of these attempts. */
  protected abstract void insertExecutions(
      Handle h, List<Attempt> attempts, String node, Instant now);

  /**
   * Ends the running executions of these outcomes (in this order), each fenced; returns those that
   * were ended, as they are now, each with its job as it is before being moved on.
   */
  protected abstract List<Ended> endExecutions(
      Handle h, List<ExecutionOutcome> outcomes, Map<UUID, String> results, Instant now);

  /** An execution just ended, with its job (and the job's count of released attempts). */
  protected record Ended(Execution execution, Job job, int released) {}

  /** Maps a row of an ended execution (columns prefixed {@code e_}) and its job. */
  protected static final org.jdbi.v3.core.mapper.RowMapper<Ended> ENDED =
      (rs, ctx) ->
          new Ended(
              Rows.execution("e_").map(rs, ctx), Rows.JOB.map(rs, ctx), rs.getInt("released"));

  /** Moves the jobs of ended executions on (in this order). */
  protected abstract void moveJobs(Handle h, List<Moved> moves, Instant now);

  /** Deletes up to {@code limit} finished jobs of these statuses (sorted names). */
  protected abstract int purge(Handle h, List<String> statuses, Instant before, int limit);

  /** The earliest runnable pull jobs due by the cut-off: handler and due time, one per job. */
  protected abstract List<WaitingHandler> waitingPullJobs(Handle h, Instant dueBefore, int limit);

  /**
   * Wakes other nodes' feeders for these jobs, just stored, moved to retrying or made due by hand,
   * in the transaction that made them due; nothing by default. A dialect announces only the jobs
   * due soon (see {@link Notifications}).
   */
  protected void notifyDue(Handle h, List<Job> jobs) {}

  // ---- insert -----------------------------------------------------------------------------------

  @Override
  public void checkBatchKeys(List<Job> jobs) {
    Map<List<String>, UUID> seen = new HashMap<>();
    for (Job job : jobs) {
      if (job.idempotencyKey() != null) {
        UUID earlier = seen.putIfAbsent(List.of(job.account(), job.idempotencyKey()), job.id());
        if (earlier != null) {
          throw new IdempotencyKeyConflictException(job.account(), job.idempotencyKey(), earlier);
        }
      }
    }
  }

  @Override
  public Void insertAll(List<Job> jobs) {
    if (jobs.isEmpty()) {
      return null;
    }
    StorableText.checkJobs(jobs);
    if (jobs.size() == 1) {
      // One auto-commit statement: no transaction, no batch of one.
      jdbi.useHandle(h -> insertOne(h, jobs.get(0)));
      return null;
    }
    jdbi.useTransaction(h -> insertJobs(h, jobs));
    return null;
  }

  /**
   * Inserts one job in one auto-commit statement; a dialect that wakes other nodes folds the
   * wake-up into the same statement.
   */
  protected void insertOne(Handle h, Job job) {
    bindJob(h.createUpdate(insertJob), job).execute();
  }

  /** Binds a job's columns ({@code insert_job.sql} and the statements shaped like it). */
  protected static <S extends SqlStatement<S>> S bindJob(S st, Job job) {
    st.bind("id", job.id())
        .bind("account", job.account())
        .bind("name", job.name())
        .bind("handler", job.handler())
        .bind("payload", Rows.text(job.payload()))
        .bind("status", job.status().json())
        .bind("scheduledFor", job.scheduledFor())
        .bind("runAt", job.runAt())
        .bind("createdAt", job.createdAt())
        .bind("updatedAt", job.updatedAt())
        .bind("attempts", job.attempts())
        .bind("maxRetries", job.maxRetries())
        .bind("timeoutSeconds", job.timeout().toSeconds())
        .bind("deliveryType", job.delivery().type())
        .bind("delivery", Rows.deliveryJson(job.delivery()))
        .bind("idempotencyKey", job.idempotencyKey())
        .bind("lastError", job.lastError())
        .bind(
            "fingerprint",
            job.idempotencyKey() == null ? null : PayloadFingerprint.of(job.payload()));
    st.bindByType("scheduleId", job.scheduleId(), UUID.class);
    return st;
  }

  /** Inserts the jobs in one batch, in the caller's transaction, and wakes other nodes. */
  protected void insertJobs(Handle h, List<Job> jobs) {
    PreparedBatch batch = h.prepareBatch(insertJob);
    for (Job job : jobs) {
      bindJob(batch, job).add();
    }
    batch.execute();
    notifyDue(h, jobs);
  }

  @Override
  public Optional<Job> insertIfAbsent(Job job, boolean requireSamePayload) {
    StorableText.checkJobs(List.of(job));
    return keptOrHolder(job, requireSamePayload, insertOrFind(job));
  }

  @Override
  public Optional<Job> insertIfAbsent(Handle h, Job job, boolean requireSamePayload) {
    StorableText.checkJobs(List.of(job));
    if (job.idempotencyKey() == null) {
      insertOne(h, job);
      return Optional.empty();
    }
    return keptOrHolder(job, requireSamePayload, insertOrFind(h, job));
  }

  /** Empty if the get-or-create stored the job, else its holder (if the payloads may differ). */
  private static Optional<Job> keptOrHolder(Job job, boolean requireSamePayload, Held held) {
    if (held.inserted()) {
      return Optional.empty();
    }
    if (requireSamePayload) {
      String theirs =
          held.fingerprint() != null
              ? held.fingerprint().strip()
              : PayloadFingerprint.of(held.job().payload());
      if (!theirs.equals(PayloadFingerprint.of(job.payload()))) {
        throw new IdempotencyKeyConflictException(
            job.account(), job.idempotencyKey(), held.job().id());
      }
    }
    return Optional.of(held.job());
  }

  /** The job holding a key, with its result and fingerprint, in the caller's transaction. */
  protected Optional<Held> holder(Handle h, Job job) {
    return h.createQuery(jobByKey)
        .bind("account", job.account())
        .bind("key", job.idempotencyKey())
        .map(
            (rs, ctx) ->
                new Held(
                    Rows.JOB_WITH_RESULT.map(rs, ctx),
                    rs.getObject("id", UUID.class).equals(job.id()),
                    rs.getString("payload_fingerprint")))
        .findOne();
  }

  @Override
  public Optional<IdempotencyKeyConflictException> firstConflict(List<Job> jobs) {
    return jdbi.withHandle(
        h -> {
          for (Job job : jobs) {
            if (job.idempotencyKey() == null) {
              continue;
            }
            Optional<UUID> existing =
                h.createQuery(jobIdByKey)
                    .bind("account", job.account())
                    .bind("key", job.idempotencyKey())
                    .mapTo(UUID.class)
                    .findOne();
            if (existing.isPresent()) {
              return Optional.of(
                  new IdempotencyKeyConflictException(
                      job.account(), job.idempotencyKey(), existing.get()));
            }
          }
          return Optional.empty();
        });
  }

  // ---- reads ------------------------------------------------------------------------------------

  @Override
  public Optional<Job> findJob(UUID id) {
    return jdbi.withHandle(h -> job(h, id));
  }

  /**
   * The holder of a key through the unique index of {@code (account, idempotency_key)}; on MariaDB
   * a locking read in its own transaction, which reads the latest committed row.
   */
  @Override
  public Optional<Job> findJobByKey(String account, String key) {
    return jdbi.withHandle(h -> findJobByKey(h, account, key));
  }

  @Override
  public Optional<Job> findJobByKey(Handle h, String account, String key) {
    return h.createQuery(jobByKey)
        .bind("account", account)
        .bind("key", key)
        .map(Rows.JOB_WITH_RESULT)
        .findOne();
  }

  /** One job with its result, in the caller's transaction. */
  protected Optional<Job> job(Handle h, UUID id) {
    return h.createQuery(jobById).bind("id", id).map(Rows.JOB_WITH_RESULT).findOne();
  }

  private Execution execution(Handle h, UUID id) {
    return h.createQuery(executionById).bind("id", id).map(Rows.EXECUTION).one();
  }

  /**
   * Lists are counted up to this many matches; past it the total is a lower bound ({@link
   * Page#totalIsExact()} false), so that no page of a big table counts the whole table.
   */
  public static final int COUNT_BOUND = 10_000;

  /** The fixed condition of one status lane of a job list (see {@code job_page_keys.sql}). */
  private static final String OF_STATUS = " AND status = :status";

  /** A job's position in a list: the order of the list indexes. */
  private record Key(Instant createdAt, UUID id) {}

  /** Newest first, then ids descending as unsigned numbers, as the databases order them. */
  private static final Comparator<Key> NEWEST_FIRST =
      Comparator.comparing(Key::createdAt)
          .thenComparing(
              Key::id,
              (a, b) -> {
                int c =
                    Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
                return c != 0
                    ? c
                    : Long.compareUnsigned(
                        a.getLeastSignificantBits(), b.getLeastSignificantBits());
              })
          .reversed();

  /**
   * A page of jobs: the positions of the page are read from a list index (per status when the query
   * names several, each read in its index's order and merged), from the cursor's position when
   * there is one, then the rows by id; the total is counted up to {@link #COUNT_BOUND}.
   */
  @Override
  public Page<Job> query(JobQuery q) {
    StringBuilder filters = new StringBuilder();
    if (q.oneOffOnly()) {
      filters.append(ONE_OFF_ONLY);
    }
    if (q.scheduleId().isPresent()) {
      filters.append(OF_SCHEDULE);
    }
    if (q.handler().isPresent()) {
      filters.append(OF_HANDLER);
    }
    Optional<PageCursor> after = q.afterPosition();
    List<String> lanes =
        q.statuses().isEmpty()
            ? java.util.Collections.singletonList(null)
            : q.statuses().stream().map(JobStatus::json).sorted().toList();
    boolean oneLane = lanes.size() == 1;
    // One lane skips the offset in the database; several each read up to the end of the page.
    long skip = oneLane ? 0 : q.offset();
    long limit = oneLane ? q.size() + 1L : q.offset() + q.size() + 1L;
    String keysWhere =
        filters
            + (oneLane && lanes.get(0) == null ? "" : OF_STATUS)
            + (after.isPresent() ? sql.load("fragment_after") : "");
    String countWhere = filters + (q.statuses().isEmpty() ? "" : OF_STATUS);
    return jdbi.withHandle(
        h -> {
          List<Key> keys = new ArrayList<>();
          for (String status : lanes) {
            var read =
                h.createQuery(sql.load("job_page_keys", "where", keysWhere))
                    .bind("limit", limit)
                    .bind("offset", oneLane ? q.offset() : 0L);
            bindFilters(read, q);
            if (status != null) {
              read.bind("status", status);
            }
            after.ifPresent(
                c -> read.bind("afterCreatedAt", c.createdAt()).bind("afterId", c.id()));
            keys.addAll(
                read.map((rs, ctx) -> new Key(Rows.instant(rs, "created_at"), Rows.uuid(rs, "id")))
                    .list());
          }
          keys.sort(NEWEST_FIRST);
          List<Key> page =
              keys.subList((int) Math.min(skip, keys.size()), keys.size()).stream()
                  .limit(q.size())
                  .toList();
          boolean more = keys.size() - Math.min(skip, keys.size()) > q.size();
          List<Job> items = new ArrayList<>(page.size());
          if (!page.isEmpty()) {
            Map<UUID, Job> byId = new HashMap<>();
            h.createQuery(jobsByIds)
                .bindList("ids", page.stream().map(Key::id).toList())
                .map(Rows.JOB)
                .forEach(job -> byId.put(job.id(), job));
            for (Key key : page) {
              Job job = byId.get(key.id());
              if (job != null) { // purged between the two reads
                items.add(job);
              }
            }
          }
          // Counted per lane, each in its list index's order and capped: a plan the database
          // cannot turn into a walk of the whole table, even as a generic plan of a prepared
          // statement (which does not know the status it counts).
          long counted = 0;
          for (String status : lanes) {
            var count = h.createQuery(sql.load("job_count", "where", countWhere));
            bindFilters(count, q);
            if (status != null) {
              count.bind("status", status);
            }
            counted += count.bind("cap", COUNT_BOUND + 1).mapTo(Long.class).one();
          }
          boolean exact = counted <= COUNT_BOUND;
          long reached = q.offset() + items.size() + (more ? 1 : 0);
          long total = exact ? counted : Math.max(COUNT_BOUND, reached);
          Optional<String> next =
              more && !items.isEmpty()
                  ? Optional.of(PageCursor.of(items.get(items.size() - 1)).encode())
                  : Optional.empty();
          return new Page<>(items, q.page(), q.size(), total, exact, next);
        });
  }

  private static void bindFilters(SqlStatement<?> statement, JobQuery q) {
    statement.bind("account", q.account());
    q.scheduleId().ifPresent(id -> statement.bind("scheduleId", id));
    q.handler().ifPresent(name -> statement.bind("handler", name));
  }

  @Override
  public List<DueJob> findDue(JobSelector selector, Instant from, Instant horizon, int limit) {
    if (takesNothing(selector) || limit <= 0) {
      return List.of();
    }
    return jdbi.withHandle(h -> due(h, selector, from == null ? ANY_TIME : from, horizon, limit));
  }

  /** The condition on the account of a selector scoped to one account. */
  protected static final String OF_ACCOUNT = " AND account = :account";

  /**
   * The fixed condition of a selector scoped to one account ({@code ${account}} in the due and
   * claim statements), or nothing for a selector of every account; bound by {@link #bindAccount}.
   */
  protected static String ofAccount(JobSelector selector) {
    return selector.account() == null ? "" : OF_ACCOUNT;
  }

  /** Binds the account of a selector scoped to one account (see {@link #ofAccount}). */
  protected static void bindAccount(SqlStatement<?> statement, JobSelector selector) {
    if (selector.account() != null) {
      statement.bind("account", selector.account());
    }
  }

  /** The lower bound of a due read that wants every due job (no job is due before it). */
  protected static final Instant ANY_TIME = Instant.EPOCH;

  /** Whether the selector takes no job at all (no handlers and not push). */
  protected static boolean takesNothing(JobSelector selector) {
    return selector.handlers().isEmpty() && !selector.push();
  }

  @Override
  public List<Execution> executions(UUID jobId) {
    return jdbi.withHandle(
        h -> h.createQuery(executionsOfJob).bind("jobId", jobId).map(Rows.EXECUTION).list());
  }

  @Override
  public List<ExpiredLease> expiredLeases(Instant now, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(expiredLeases)
                .bind("now", now)
                .bind("limit", limit)
                .map(Rows.EXPIRED)
                .list());
  }

  @Override
  public List<Execution> runningOfNode(String node, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(runningOfNode)
                .bind("node", node)
                .bind("limit", limit)
                .map(Rows.EXECUTION)
                .list());
  }

  // ---- claims -----------------------------------------------------------------------------------

  @Override
  public List<Attempt> claim(Collection<UUID> ids, String node, Instant now, Duration grace) {
    if (ids.isEmpty()) {
      return List.of();
    }
    StorableText.checkNode(node);
    return jdbi.inTransaction(h -> start(h, claimListed(h, ids, now), node, now, grace));
  }

  @Override
  public List<Attempt> claimDue(
      JobSelector selector, int max, String node, Instant now, Duration grace) {
    if (takesNothing(selector) || max <= 0) {
      return List.of();
    }
    StorableText.checkNode(node);
    return jdbi.inTransaction(
        h -> {
          List<Claimed> claimed = new ArrayList<>(claimDueJobs(h, selector, max, now));
          claimed.sort(
              (a, b) -> {
                int c = a.job().runAt().compareTo(b.job().runAt());
                return c != 0 ? c : a.job().id().compareTo(b.job().id());
              });
          return start(h, claimed, node, now, grace);
        });
  }

  /** Ids in one global order, so that transactions lock rows in the same order. */
  protected static List<UUID> sorted(Collection<UUID> ids) {
    List<UUID> list = new ArrayList<>(ids);
    list.sort(null);
    return list;
  }

  /** Records a running execution for each claimed job. */
  private List<Attempt> start(
      Handle h, List<Claimed> claimed, String node, Instant now, Duration grace) {
    if (claimed.isEmpty()) {
      return List.of();
    }
    List<Attempt> attempts = new ArrayList<>(claimed.size());
    for (Claimed c : claimed) {
      Job job = c.job();
      ExecutionTrigger trigger =
          c.nextTrigger() != null
              ? ExecutionTrigger.fromJson(c.nextTrigger())
              : job.attempts() > 1
                  ? ExecutionTrigger.SYSTEM_RETRY
                  : job.scheduleId() != null ? ExecutionTrigger.SCHEDULE : ExecutionTrigger.SUBMIT;
      Execution e =
          new Execution(
              UUID.randomUUID(),
              job.id(),
              job.attempts(),
              trigger,
              ExecutionStatus.RUNNING,
              now,
              null,
              now.plus(job.timeout()).plus(grace),
              null,
              null,
              node,
              null);
      attempts.add(new Attempt(job, e, job.maxRetries() + 1 - (job.attempts() - c.released())));
    }
    insertExecutions(h, attempts, node, now);
    return attempts;
  }

  // ---- outcomes ---------------------------------------------------------------------------------

  @Override
  public List<Optional<Attempt>> finishAll(List<ExecutionOutcome> outcomes, Instant now) {
    if (outcomes.isEmpty()) {
      return List.of();
    }
    Map<UUID, String> results = StorableText.checkOutcomes(outcomes);
    return jdbi.inTransaction(h -> finishAll(h, outcomes, results, now));
  }

  @Override
  public List<Optional<Attempt>> finishAll(Handle h, List<ExecutionOutcome> outcomes, Instant now) {
    if (outcomes.isEmpty()) {
      return List.of();
    }
    return finishAll(h, outcomes, StorableText.checkOutcomes(outcomes), now);
  }

  private List<Optional<Attempt>> finishAll(
      Handle h, List<ExecutionOutcome> outcomes, Map<UUID, String> resultTexts, Instant now) {
    // Rows are changed in id order in every transaction, so concurrent batches never deadlock.
    List<ExecutionOutcome> byExecution = new ArrayList<>(outcomes);
    byExecution.sort(Comparator.comparing(ExecutionOutcome::executionId));
    Map<UUID, ExecutionOutcome> outcomeOf = new HashMap<>();
    for (ExecutionOutcome outcome : byExecution) {
      outcomeOf.put(outcome.executionId(), outcome);
    }
    List<Ended> ended = new ArrayList<>(endExecutions(h, byExecution, resultTexts, now));
    Map<UUID, Attempt> after = new HashMap<>();
    if (!ended.isEmpty()) {
      // The job after the change is built here from the row read with the outcome, not read back.
      ended.sort(Comparator.comparing(e -> e.job().id()));
      List<Moved> moves = new ArrayList<>(ended.size());
      for (Ended e : ended) {
        Execution done = e.execution();
        Job job = e.job();
        ExecutionOutcome outcome = outcomeOf.get(done.id());
        JobStatus next = outcome.jobStatusAfter(job.attempts(), e.released(), job.maxRetries());
        Moved move = new Moved(moved(job, outcome, next, now), outcome.released());
        moves.add(move);
        after.put(done.id(), new Attempt(move.job(), done));
      }
      moveJobs(h, moves, now);
      List<Job> retrying = new ArrayList<>();
      for (Moved move : moves) {
        if (move.job().status() == JobStatus.RETRYING) {
          retrying.add(move.job());
        }
      }
      if (!retrying.isEmpty()) {
        notifyDue(h, retrying);
      }
    }
    List<Optional<Attempt>> results = new ArrayList<>(outcomes.size());
    for (ExecutionOutcome outcome : outcomes) {
      results.add(Optional.ofNullable(after.get(outcome.executionId())));
    }
    return results;
  }

  /** A job after an outcome, and whether the outcome gave the attempt back. */
  protected record Moved(Job job, boolean released) {}

  /** The job after an outcome moved it to {@code next}. */
  private static Job moved(Job job, ExecutionOutcome outcome, JobStatus next, Instant now) {
    boolean completed = next == JobStatus.COMPLETED;
    return new Job(
        job.id(),
        job.account(),
        job.name(),
        job.handler(),
        job.payload(),
        next,
        job.scheduledFor(),
        next == JobStatus.RETRYING ? outcome.retryAt() : job.runAt(),
        job.createdAt(),
        now,
        job.attempts(),
        job.maxRetries(),
        job.timeout(),
        job.delivery(),
        job.idempotencyKey(),
        job.scheduleId(),
        completed ? job.lastError() : outcome.error(),
        completed ? outcome.result() : null);
  }

  @Override
  public Optional<Execution> extend(UUID executionId, Instant leaseExpiresAt, Instant now) {
    return jdbi.inTransaction(
        h -> {
          int n =
              h.createUpdate(extendLease)
                  .bind("leaseExpiresAt", leaseExpiresAt)
                  .bind("id", executionId)
                  .bind("now", now)
                  .execute();
          return n == 0 ? Optional.<Execution>empty() : Optional.of(execution(h, executionId));
        });
  }

  @Override
  public Object cancel(UUID jobId, Instant now) {
    return jdbi.inTransaction(
        h -> {
          int n = h.createUpdate(cancelJob).bind("now", now).bind("id", jobId).execute();
          if (n == 1) {
            return job(h, jobId).orElseThrow();
          }
          return h.createQuery(statusById)
              .bind("id", jobId)
              .mapTo(String.class)
              .findOne()
              .map(s -> (Object) JobStatus.fromJson(s))
              .orElse(null);
        });
  }

  // ---- operations by hand ----------------------------------------------------------------------

  @Override
  public List<Job> retryAll(Collection<UUID> ids, Instant now) {
    return changeAll(retryJobs, ids, now);
  }

  @Override
  public List<Job> cancelAll(Collection<UUID> ids, Instant now) {
    return changeAll(cancelJobs, ids, now);
  }

  /** One statement over the listed jobs that returns those it changed; wakes others for them. */
  private List<Job> changeAll(String statement, Collection<UUID> ids, Instant now) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbi.inTransaction(
        h -> {
          List<Job> changed =
              h.createQuery(statement)
                  .bindList("ids", sorted(ids))
                  .bind("now", now)
                  .map(Rows.JOB)
                  .list();
          List<Job> runnable = changed.stream().filter(j -> j.status().isRunnable()).toList();
          if (!runnable.isEmpty()) {
            notifyDue(h, runnable);
          }
          return changed;
        });
  }

  @Override
  public Object retry(UUID jobId, Instant now) {
    return changeOne(
        h -> h.createQuery(retryJobs).bindList("ids", List.of(jobId)).bind("now", now), jobId);
  }

  @Override
  public Object runNow(UUID jobId, Instant now) {
    return changeOne(h -> h.createQuery(runNow).bind("id", jobId).bind("now", now), jobId);
  }

  @Override
  public Object reschedule(UUID jobId, Instant runAt, Instant now) {
    return changeOne(
        h -> h.createQuery(rescheduleJob).bind("id", jobId).bind("runAt", runAt).bind("now", now),
        jobId);
  }

  /**
   * One conditional change of one job: the job after it, or else why nothing changed: the job's
   * {@link JobState}, or null if there is no such job.
   */
  private Object changeOne(
      java.util.function.Function<Handle, org.jdbi.v3.core.statement.Query> statement, UUID id) {
    return jdbi.inTransaction(
        h -> {
          Optional<Job> changed = statement.apply(h).map(Rows.JOB).findOne();
          if (changed.isPresent()) {
            notifyDue(h, List.of(changed.get()));
            return changed.get();
          }
          return h.createQuery(stateById)
              .bind("id", id)
              .map(
                  (rs, ctx) ->
                      (Object)
                          new JobState(
                              JobStatus.fromJson(rs.getString("status")),
                              rs.getString("next_trigger")))
              .findOne()
              .orElse(null);
        });
  }

  // ---- schedules --------------------------------------------------------------------------------

  @Override
  public Optional<Schedule> findScheduleByKey(String account, String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery(scheduleByKey)
                .bind("account", account)
                .bind("key", key)
                .map(Rows.SCHEDULE)
                .findOne());
  }

  @Override
  public Optional<Schedule> insertScheduleIfAbsent(Schedule s) {
    StorableText.checkSchedule(s);
    HeldSchedule held = insertScheduleOrFind(s);
    return held.inserted() ? Optional.empty() : Optional.of(held.schedule());
  }

  /** The schedule holding a key, in the caller's transaction. */
  protected Optional<Schedule> scheduleHolder(Handle h, Schedule s) {
    return h.createQuery(scheduleByKey)
        .bind("account", s.account())
        .bind("key", s.key())
        .map(Rows.SCHEDULE)
        .findOne();
  }

  /** Binds a schedule's columns ({@code insert_schedule.sql} and the statements like it). */
  protected static void bindSchedule(SqlStatement<?> st, Schedule s) {
    st.bind("id", s.id())
        .bind("account", s.account())
        .bind("name", s.name())
        .bind("description", s.description())
        .bind("handler", s.handler())
        .bind("status", s.status().json())
        .bind("cron", s.cron())
        .bindByType("intervalValue", s.interval() == null ? null : s.interval().value(), Long.class)
        .bind("intervalUnit", s.interval() == null ? null : s.interval().unit().json())
        .bind("timezone", s.timezone().getId())
        .bind("nextRunAt", s.nextRunAt())
        .bindByType("runs", s.runs(), Integer.class)
        .bind("runCount", s.runCount())
        .bind("stopAt", s.stopAt())
        .bind("deliveryType", s.delivery().type())
        .bind("delivery", Rows.deliveryJson(s.delivery()))
        .bind("payload", Rows.text(s.payload()))
        .bind("timeoutSeconds", s.timeout().toSeconds())
        .bind("maxRetries", s.maxRetries())
        .bind("misfirePolicy", s.misfirePolicy().json())
        .bind("overlapPolicy", s.overlapPolicy().json())
        .bind("createdAt", s.createdAt())
        .bind("updatedAt", s.updatedAt())
        .bind("version", s.version())
        .bind("key", s.key());
  }

  @Override
  public Void insertSchedule(Schedule s) {
    StorableText.checkSchedule(s);
    jdbi.useHandle(
        h -> {
          var insert = h.createUpdate(insertSchedule);
          bindSchedule(insert, s);
          insert.execute();
        });
    return null;
  }

  @Override
  public Optional<Schedule> findSchedule(UUID id) {
    return jdbi.withHandle(
        h -> h.createQuery(scheduleById).bind("id", id).map(Rows.SCHEDULE).findOne());
  }

  @Override
  public Page<Schedule> querySchedules(ScheduleQuery q) {
    boolean byStatus = !q.statuses().isEmpty();
    // By key: the unique index of (account, schedule_key) finds the one row.
    String where = (q.key().isPresent() ? OF_SCHEDULE_KEY : "") + (byStatus ? OF_STATUSES : "");
    return jdbi.withHandle(
        h -> {
          var page = h.createQuery(sql.load("schedule_page", "where", where));
          var count = h.createQuery(sql.load("schedule_count", "where", where));
          for (var st : List.of(page, count)) {
            st.bind("account", q.account());
            q.key().ifPresent(key -> st.bind("key", key));
            if (byStatus) {
              st.bindList("statuses", q.statuses().stream().map(ScheduleStatus::json).toList());
            }
          }
          List<Schedule> items =
              page.bind("size", q.size()).bind("offset", q.offset()).map(Rows.SCHEDULE).list();
          return new Page<>(items, q.page(), q.size(), count.mapTo(Long.class).one());
        });
  }

  private boolean replace(Handle h, Schedule next, long expectedVersion) {
    var update = h.createUpdate(replaceSchedule);
    bindSchedule(update, next);
    return update.bind("expectedVersion", expectedVersion).execute() == 1;
  }

  @Override
  public boolean replaceSchedule(Schedule next, long expectedVersion) {
    StorableText.checkSchedule(next);
    return jdbi.inTransaction(h -> replace(h, next, expectedVersion));
  }

  /**
   * Applies a fire in one transaction: the version-checked schedule update first (it locks the row,
   * so racing fires of one schedule serialize and all but one find the version changed), then the
   * spawned jobs; a job key already taken rolls everything back.
   */
  @Override
  public boolean fire(ScheduleFire fire) {
    StorableText.checkSchedule(fire.next());
    StorableText.checkJobs(fire.jobs());
    try {
      return jdbi.inTransaction(
          h -> {
            if (!replace(h, fire.next(), fire.expectedVersion())) {
              return false;
            }
            if (!fire.jobs().isEmpty()) {
              insertJobs(h, fire.jobs());
            }
            return true;
          });
    } catch (org.jdbi.v3.core.JdbiException e) {
      if (isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<DueJob> dueSchedules(Instant horizon, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(dueSchedules)
                .bind("horizon", horizon)
                .bind("limit", limit)
                .map(Rows.DUE)
                .list());
  }

  @Override
  public boolean hasUnfinishedJob(UUID scheduleId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(unfinishedJobOfSchedule)
                .bind("scheduleId", scheduleId)
                .mapTo(UUID.class)
                .findOne()
                .isPresent());
  }

  @Override
  public List<Job> cancelScheduleJobs(UUID scheduleId, Instant now) {
    return jdbi.inTransaction(
        h -> {
          List<UUID> ids =
              h.createQuery(runnableJobsOfSchedule)
                  .bind("scheduleId", scheduleId)
                  .mapTo(UUID.class)
                  .list();
          List<Job> cancelled = new ArrayList<>();
          var cancel = h.createUpdate(cancelJob);
          for (UUID id : ids) {
            if (cancel.bind("now", now).bind("id", id).execute() == 1) {
              job(h, id).ifPresent(cancelled::add);
            }
          }
          return cancelled;
        });
  }

  @Override
  public int purge(Set<JobStatus> statuses, Instant before, int limit) {
    if (statuses.isEmpty()) {
      return 0;
    }
    List<String> names = statuses.stream().map(JobStatus::json).sorted().toList();
    return jdbi.inTransaction(h -> purge(h, names, before, limit));
  }

  @Override
  public List<WaitingHandler> waitingHandlers(Instant dueBefore, Set<String> excluded, int limit) {
    List<WaitingHandler> rows =
        new ArrayList<>(jdbi.withHandle(h -> waitingPullJobs(h, dueBefore, limit)));
    // Each row is one job here; keep the earliest limit of them, then one entry per handler.
    rows.sort(Comparator.comparing(WaitingHandler::oldestRunAt));
    Map<String, Instant> oldest = new LinkedHashMap<>();
    for (WaitingHandler row : rows.subList(0, Math.min(limit, rows.size()))) {
      if (!excluded.contains(row.handler())) {
        oldest.putIfAbsent(row.handler(), row.oldestRunAt());
      }
    }
    List<WaitingHandler> waiting = new ArrayList<>();
    oldest.forEach((handler, runAt) -> waiting.add(new WaitingHandler(handler, runAt)));
    return waiting;
  }

  /** Maps a row of {@code handler, run_at} to one waiting job. */
  protected static final org.jdbi.v3.core.mapper.RowMapper<WaitingHandler> WAITING =
      (rs, ctx) ->
          new WaitingHandler(String.valueOf(rs.getString("handler")), Rows.instant(rs, "run_at"));
}
