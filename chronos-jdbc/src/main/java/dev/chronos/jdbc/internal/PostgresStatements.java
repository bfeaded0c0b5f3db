package dev.chronos.jdbc.internal;

import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.Schedule;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.WaitingHandler;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The store's statements on PostgreSQL ({@code dev/chronos/jdbc/sql/postgresql/}). Claims lock
 * their candidates with {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers take different rows
 * instead of waiting; writes of many rows are one set-based statement over arrays ({@code unnest});
 * a transaction that makes work due sends a NOTIFY that wakes the other nodes' feeders.
 */
final class PostgresStatements extends JdbcStatements {
  private final boolean notify;
  private final String claimDue;
  private final String claimDueOfAccount;
  private final String claimListed;
  private final String insertExecutions;
  private final String finishExecutions;
  private final String moveJobs;
  private final String purgeBatch;
  private final String waitingPullJobs;
  private final String notifyStatement;
  private final String insertJobNotify;
  private final String insertJobIfAbsent;
  private final String insertScheduleIfAbsent;

  PostgresStatements(Jdbi jdbi, Sql sql, boolean notify) {
    super(jdbi, sql);
    this.notify = notify;
    // Fail at once if a file of the feeder's read is missing, not at its first poll.
    sql.load("find_due_lane_pull", "n", "0", "account", "");
    sql.load("find_due", "lanes", sql.load("find_due_lane_push", "account", ""));
    this.claimDue = sql.load("claim_due", "account", "");
    this.claimDueOfAccount = sql.load("claim_due", "account", OF_ACCOUNT);
    this.claimListed = sql.load("claim_listed");
    this.insertExecutions = sql.load("insert_executions");
    this.finishExecutions = sql.load("finish_executions");
    this.moveJobs = sql.load("move_jobs");
    this.purgeBatch = sql.load("purge_batch");
    this.waitingPullJobs = sql.load("waiting_pull_jobs");
    this.notifyStatement = sql.load("notify");
    this.insertJobNotify = sql.load("insert_job_notify");
    this.insertJobIfAbsent = sql.load("insert_job_if_absent");
    this.insertScheduleIfAbsent = sql.load("insert_schedule_if_absent");
  }

  /**
   * One auto-commit statement: the INSERT alone, or for a job due soon the INSERT with the NOTIFY
   * in the same statement ({@code insert_job_notify.sql}).
   */
  @Override
  protected void insertOne(Handle h, Job job) {
    Optional<String> announcement = notify ? announcement(job) : Optional.empty();
    if (announcement.isEmpty()) {
      super.insertOne(h, job);
      return;
    }
    bindJob(h.createQuery(insertJobNotify), job)
        .bind("channel", sql.channel())
        .bind("notifyPayload", announcement.get())
        .mapTo(String.class)
        .list();
  }

  /** {@code INSERT ... ON CONFLICT ... DO UPDATE ... RETURNING}: one auto-commit statement. */
  @Override
  protected Held insertOrFind(Job job) {
    return jdbi.withHandle(h -> insertOrFind(h, job));
  }

  /**
   * The same statement in a caller's transaction: it never raises the unique violation, so the
   * transaction goes on whatever it returns; its NOTIFY is delivered when the caller commits.
   */
  @Override
  protected Held insertOrFind(Handle h, Job job) {
    return bindJob(h.createQuery(insertJobIfAbsent), job)
        .bind("notify", notify && announcement(job).isPresent())
        .bind("channel", sql.channel())
        .bind("notifyPayload", announcement(job).orElse(""))
        .map(
            (rs, ctx) ->
                new Held(
                    Rows.JOB_WITH_RESULT.map(rs, ctx),
                    rs.getBoolean("inserted"),
                    rs.getString("payload_fingerprint")))
        .one();
  }

  /** {@code INSERT ... ON CONFLICT ... DO UPDATE ... RETURNING}, as for jobs. */
  @Override
  protected HeldSchedule insertScheduleOrFind(Schedule schedule) {
    return jdbi.withHandle(
        h -> {
          var insert = h.createQuery(insertScheduleIfAbsent);
          bindSchedule(insert, schedule);
          return insert
              .map(
                  (rs, ctx) ->
                      new HeldSchedule(Rows.SCHEDULE.map(rs, ctx), rs.getBoolean("inserted")))
              .one();
        });
  }

  /** The selector's pull handlers, as a text array. */
  private static String[] handlers(JobSelector selector) {
    return selector.handlers().stream().sorted().toArray(String[]::new);
  }

  /**
   * Per pull handler and for push, each from its own due index, merged in order by the database and
   * cut at the limit (see {@code find_due.sql}). The branches are the statement files' own text;
   * only their number and the bound names ({@code :handler0}, ...) vary.
   */
  @Override
  protected List<DueJob> due(
      Handle h, JobSelector selector, Instant from, Instant horizon, int limit) {
    String[] handlers = handlers(selector);
    String account = ofAccount(selector);
    List<String> lanes = new java.util.ArrayList<>(handlers.length + 1);
    for (int i = 0; i < handlers.length; i++) {
      lanes.add(sql.load("find_due_lane_pull", "n", Integer.toString(i), "account", account));
    }
    if (selector.push()) {
      lanes.add(sql.load("find_due_lane_push", "account", account));
    }
    var q =
        h.createQuery(sql.load("find_due", "lanes", String.join("\nUNION ALL\n", lanes)))
            .bind("from", from)
            .bind("horizon", horizon)
            .bind("limit", limit);
    for (int i = 0; i < handlers.length; i++) {
      q.bind("handler" + i, handlers[i]);
    }
    bindAccount(q, selector);
    return q.map(Rows.DUE).list();
  }

  @Override
  protected List<Claimed> claimListed(Handle h, Collection<UUID> ids, Instant now) {
    return h.createQuery(claimListed)
        .bind("now", now)
        .bindList("ids", List.copyOf(ids))
        .map(CLAIMED)
        .list();
  }

  @Override
  protected List<Claimed> claimDueJobs(Handle h, JobSelector selector, int max, Instant now) {
    var q = h.createQuery(selector.account() == null ? claimDue : claimDueOfAccount);
    bindAccount(q, selector);
    return q.bind("handlers", handlers(selector))
        .bind("push", selector.push())
        .bind("now", now)
        .bind("max", max)
        .bind("pool", Math.min(max * 2L + 8, Integer.MAX_VALUE))
        .map(CLAIMED)
        .list();
  }

  /** One INSERT from arrays. */
  @Override
  protected void insertExecutions(Handle h, List<Attempt> attempts, String node, Instant now) {
    int n = attempts.size();
    UUID[] ids = new UUID[n];
    UUID[] jobIds = new UUID[n];
    Integer[] numbers = new Integer[n];
    String[] triggers = new String[n];
    String[] leases = new String[n];
    for (int i = 0; i < n; i++) {
      Execution e = attempts.get(i).execution();
      ids[i] = e.id();
      jobIds[i] = e.jobId();
      numbers[i] = e.attempt();
      triggers[i] = e.trigger().json();
      leases[i] = e.leaseExpiresAt().toString();
    }
    h.createUpdate(insertExecutions)
        .bind("ids", ids)
        .bind("jobIds", jobIds)
        .bind("attempts", numbers)
        .bind("triggers", triggers)
        .bind("leases", leases)
        .bind("startedAt", now)
        .bind("node", node)
        .execute();
  }

  /**
   * One fenced UPDATE of all the executions, joined by id, returning the winners with their jobs
   * (one statement: nothing is read back).
   */
  @Override
  protected List<Ended> endExecutions(
      Handle h, List<ExecutionOutcome> outcomes, Map<UUID, String> resultOf, Instant now) {
    int n = outcomes.size();
    UUID[] ids = new UUID[n];
    String[] statuses = new String[n];
    String[] errors = new String[n];
    String[] results = new String[n];
    Integer[] httpStatuses = new Integer[n];
    Boolean[] late = new Boolean[n];
    for (int i = 0; i < n; i++) {
      ExecutionOutcome outcome = outcomes.get(i);
      ids[i] = outcome.executionId();
      statuses[i] = outcome.status().json();
      errors[i] = outcome.error();
      results[i] = resultOf.get(outcome.executionId());
      httpStatuses[i] = outcome.httpStatus();
      late[i] = outcome.acceptedAfterLeaseEnded();
    }
    return h.createQuery(finishExecutions)
        .bind("ids", ids)
        .bind("statuses", statuses)
        .bind("errors", errors)
        .bind("results", results)
        .bind("httpStatuses", httpStatuses)
        .bind("late", late)
        .bind("now", now)
        .map(ENDED)
        .list();
  }

  /** One UPDATE of all the jobs, joined by id. */
  @Override
  protected void moveJobs(Handle h, List<Moved> moves, Instant now) {
    int n = moves.size();
    UUID[] ids = new UUID[n];
    String[] statuses = new String[n];
    String[] runAts = new String[n];
    String[] lastErrors = new String[n];
    Integer[] released = new Integer[n];
    for (int i = 0; i < n; i++) {
      Job job = moves.get(i).job();
      ids[i] = job.id();
      statuses[i] = job.status().json();
      runAts[i] = job.runAt().toString();
      lastErrors[i] = job.lastError();
      released[i] = moves.get(i).released() ? 1 : 0;
    }
    h.createUpdate(moveJobs)
        .bind("ids", ids)
        .bind("statuses", statuses)
        .bind("runAts", runAts)
        .bind("lastErrors", lastErrors)
        .bind("released", released)
        .bind("now", now)
        .execute();
  }

  @Override
  protected int purge(Handle h, List<String> statuses, Instant before, int limit) {
    return h.createUpdate(purgeBatch)
        .bindList("statuses", statuses)
        .bind("before", before)
        .bind("limit", limit)
        .execute();
  }

  @Override
  protected List<WaitingHandler> waitingPullJobs(Handle h, Instant dueBefore, int limit) {
    return h.createQuery(waitingPullJobs)
        .bind("dueBefore", dueBefore)
        .bind("limit", limit)
        .map(WAITING)
        .list();
  }

  /** One NOTIFY per kind of job due soon (see {@link Notifications}); none if no job is. */
  @Override
  protected void notifyDue(Handle h, List<Job> jobs) {
    if (!notify) {
      return;
    }
    for (String payload : Notifications.payloads(jobs)) {
      h.createQuery(notifyStatement)
          .bind("channel", sql.channel())
          .bind("payload", payload)
          .mapTo(String.class)
          .findOne();
    }
  }

  /**
   * The NOTIFY payload announcing a job, or empty if it is not due soon enough to announce (the
   * feeders' polls find it): see {@link Notifications}.
   */
  private static Optional<String> announcement(Job job) {
    return Notifications.payload(job);
  }
}
