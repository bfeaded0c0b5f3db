package dev.chronos.jdbc.internal;

import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.Schedule;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.JobSelector;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * The store's statements on MariaDB 10.6+ ({@code dev/chronos/jdbc/sql/mariadb/}). Batch claims
 * lock their candidates with {@code SELECT ... FOR UPDATE SKIP LOCKED}, so concurrent claimers take
 * different rows instead of waiting; claims of listed jobs lock them in primary-key order and wait
 * at most a second per row, leaving out rows held longer (see {@link #claimListed}); both then
 * claim the locked rows with one UPDATE and read them back (MariaDB's UPDATE has no RETURNING).
 * Operations by hand lock their rows the same way (without SKIP LOCKED) before changing them, so
 * they return exactly the rows they changed. Get-or-create is one {@code INSERT ... ON DUPLICATE
 * KEY UPDATE id = id} that never raises the duplicate, then a read of the holder. Due jobs are read
 * per status and delivery type in the due index's order, as on H2 (the steps shared with H2 are in
 * {@link RowBatchStatements}). MariaDB has no LISTEN/NOTIFY: other nodes find new work at their
 * next poll.
 */
final class MariaDbStatements extends RowBatchStatements {
  /** The claim's fixed condition on pull jobs (see {@code claim_due.sql}). */
  private static final String PULL_OF_HANDLERS =
      "(delivery_type = 'pull' AND handler IN (<handlers>))";

  private static final String NO_PULL = "1 = 0";

  private final String claimListed;
  private final String claimListedOne;
  private final String claimApply;
  private final String jobsByIds;
  private final String insertJobIfAbsent;
  private final String insertScheduleIfAbsent;
  private final String retryJobs;
  private final String retryJobsApply;
  private final String cancelJobs;
  private final String cancelJobsApply;
  private final String runNow;
  private final String rescheduleJob;
  private final String stateById;
  private final String scheduleByKeyLocked;

  /** {@code innodb_rollback_on_timeout} (not dynamic on the server), null until first needed. */
  private volatile Boolean rollbackOnTimeout;

  MariaDbStatements(Jdbi jdbi, Sql sql) {
    super(jdbi, sql);
    this.claimListed = sql.load("claim_listed");
    this.claimListedOne = sql.load("claim_listed_one");
    this.claimApply = sql.load("claim_apply");
    this.jobsByIds = sql.load("jobs_by_ids");
    this.insertJobIfAbsent = sql.load("insert_job_if_absent");
    this.insertScheduleIfAbsent = sql.load("insert_schedule_if_absent");
    this.retryJobs = sql.load("retry_jobs");
    this.retryJobsApply = sql.load("retry_jobs_apply");
    this.cancelJobs = sql.load("cancel_jobs");
    this.cancelJobsApply = sql.load("cancel_jobs_apply");
    this.runNow = sql.load("run_now");
    this.rescheduleJob = sql.load("reschedule_job");
    this.stateById = sql.load("state_by_id");
    this.scheduleByKeyLocked = sql.load("schedule_by_key_locked");
    // Fail at once if a file with slots is missing, not at its first use.
    sql.load("claim_due", "handlers", NO_PULL, "account", "");
  }

  /**
   * Binds instants as their UTC wall-clock time and UUIDs as text. {@code DATETIME(6)} has no time
   * zone and the driver sends a {@link LocalDateTime} as it is, so what is stored is UTC whatever
   * the JVM's default zone or the session's {@code time_zone}; {@link Rows} reads it back as UTC.
   */
  static void registerArguments(Jdbi jdbi) {
    jdbi.registerArgument(
        new AbstractArgumentFactory<Instant>(Types.TIMESTAMP) {
          @Override
          protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) ->
                statement.setObject(position, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
          }
        });
    jdbi.registerArgument(
        new AbstractArgumentFactory<UUID>(Types.CHAR) {
          @Override
          protected Argument build(UUID value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, value.toString());
          }
        });
  }

  /**
   * Locks those still runnable and due, then claims them. All at once without waiting ({@code
   * claim_listed.sql}, NOWAIT); if a row is held, one by one in primary-key order, each waiting at
   * most a second ({@code claim_listed_one.sql}), and a row still held then is left out: it is
   * claimed at a later poll. A caller's open transaction that submitted a due job's key again holds
   * that job's row until the caller commits; waiting for it (up to {@code
   * innodb_lock_wait_timeout}, 50 s by default) stalled every claim of the lane, then failed it.
   * Skipping relies on a lock wait timeout rolling back only the statement, MariaDB's default
   * ({@code innodb_rollback_on_timeout} off); with it on, the timeout rolled back the whole
   * transaction, so the claim fails instead (nothing claimed, the batch is claimed again later).
   */
  @Override
  protected List<Claimed> claimListed(Handle h, Collection<UUID> ids, Instant now) {
    List<UUID> order = sorted(ids);
    List<UUID> locked;
    try {
      locked =
          h.createQuery(claimListed)
              .bindList("ids", order)
              .bind("now", now)
              .mapTo(UUID.class)
              .list();
    } catch (JdbiException e) {
      locked = lockOneByOne(h, order, now, e);
    }
    return claimLocked(h, locked, now);
  }

  /**
   * Locks the jobs one by one (the rows {@code claim_listed.sql} locked before it failed are
   * granted again at once), leaving out those still held after the wait.
   */
  private List<UUID> lockOneByOne(Handle h, List<UUID> order, Instant now, JdbiException first) {
    rethrowUnlessSkippable(first);
    List<UUID> locked = new ArrayList<>(order.size());
    for (UUID id : order) {
      try {
        h.createQuery(claimListedOne)
            .bind("id", id)
            .bind("now", now)
            .mapTo(UUID.class)
            .findOne()
            .ifPresent(locked::add);
      } catch (JdbiException e) {
        rethrowUnlessSkippable(e);
      }
    }
    return locked;
  }

  /** Rethrows a failure other than a lock wait timeout that rolled back only its statement. */
  private void rethrowUnlessSkippable(JdbiException e) {
    if (!rowsBusy(e)) {
      throw e;
    }
  }

  /** A lock wait timeout (1205) that rolled back only its statement. */
  @Override
  protected boolean rowsBusy(JdbiException e) {
    return MariaDbFailureClassifier.isLockWaitTimeout(e) && !rollbackOnTimeout();
  }

  /** Whether the server rolls back the whole transaction on a lock wait timeout (read once). */
  private boolean rollbackOnTimeout() {
    Boolean known = rollbackOnTimeout;
    if (known == null) {
      known =
          jdbi.withHandle(
                  h ->
                      h.createQuery("SELECT @@innodb_rollback_on_timeout")
                          .mapTo(Integer.class)
                          .one())
              != 0;
      rollbackOnTimeout = known;
    }
    return known;
  }

  /**
   * Locks up to {@code max} due jobs (skipping rows others hold), then claims them. A claim for one
   * account reads its candidates without locks and claims them by id instead (see {@link
   * #claimDueOfAccount}).
   */
  @Override
  protected List<Claimed> claimDueJobs(Handle h, JobSelector selector, int max, Instant now) {
    if (selector.account() != null) {
      return claimDueOfAccount(h, selector, max, now);
    }
    boolean pull = !selector.handlers().isEmpty();
    var lock =
        h.createQuery(
                sql.load(
                    "claim_due",
                    "handlers",
                    pull ? PULL_OF_HANDLERS : NO_PULL,
                    "account",
                    ofAccount(selector)))
            .bind("now", now)
            .bind("push", selector.push() ? 1 : 0)
            .bind("max", max);
    if (pull) {
      lock.bindList("handlers", List.copyOf(selector.handlers()));
    }
    bindAccount(lock, selector);
    return claimLocked(h, lock.mapTo(UUID.class).list(), now);
  }

  /**
   * A claim for one account. The account is not in the due index's key, so a locking scan ({@code
   * FOR UPDATE SKIP LOCKED}) would also lock the other accounts' rows it reads and filters out,
   * until it commits, and their claimers would skip those rows as held: a worker of one account
   * found nothing due while another account's worker claimed (the contract's concurrent test saw
   * it). So the account's candidates are read without locks, in the due index's order, and claimed
   * by id ({@link #claimListed}: locks by primary key only, waiting at most a second for a row
   * another transaction holds). Rounds go on while they claim something: the reads see the
   * transaction's first snapshot, so a round whose candidates were all taken by others ends the
   * claim (the caller claims again; nothing is claimed twice or lost).
   */
  private List<Claimed> claimDueOfAccount(Handle h, JobSelector selector, int max, Instant now) {
    List<Claimed> claimed = new ArrayList<>();
    while (claimed.size() < max) {
      List<UUID> candidates = new ArrayList<>();
      for (DueJob due : due(h, selector, ANY_TIME, now, max - claimed.size())) {
        candidates.add(due.id());
      }
      if (candidates.isEmpty()) {
        break;
      }
      List<Claimed> round = claimListed(h, candidates, now);
      if (round.isEmpty()) {
        break;
      }
      claimed.addAll(round);
    }
    return claimed;
  }

  /** Claims rows this transaction has locked, and reads them as they are after the claim. */
  private List<Claimed> claimLocked(Handle h, List<UUID> locked, Instant now) {
    if (locked.isEmpty()) {
      return List.of();
    }
    h.createUpdate(claimApply).bindList("ids", locked).bind("now", now).execute();
    return h.createQuery(jobsByIds).bindList("ids", locked).map(CLAIMED).list();
  }

  /**
   * {@code INSERT ... ON DUPLICATE KEY UPDATE id = id}, then the holder read in the same
   * transaction. The INSERT never fails on the key: on a duplicate it leaves the holder as it is
   * and locks its row, so the read finds it. Racing callers on one new key serialize on the unique
   * index: one inserts, the others wait for it and then find its row.
   */
  @Override
  protected Held insertOrFind(Job job) {
    return jdbi.inTransaction(h -> insertOrFind(h, job));
  }

  /**
   * The same statement and read in a caller's transaction: the INSERT raises no error on a held
   * key, so the caller's transaction goes on, and the holder read is a locking read (the latest
   * committed row, whatever the caller's snapshot). A caller racing another open transaction on a
   * new key waits on the unique index until that one ends: at its commit this call finds its job,
   * at its rollback this call inserts. A deadlock between callers' transactions (error 1213) rolls
   * back the caller's whole transaction on InnoDB, which only the caller can start over.
   */
  @Override
  protected Held insertOrFind(Handle h, Job job) {
    bindJob(h.createUpdate(insertJobIfAbsent), job).execute();
    return holder(h, job).orElseThrow();
  }

  /** {@code INSERT ... ON DUPLICATE KEY UPDATE id = id}, then the holder read, as for jobs. */
  @Override
  protected HeldSchedule insertScheduleOrFind(Schedule schedule) {
    return jdbi.inTransaction(
        h -> {
          var insert = h.createUpdate(insertScheduleIfAbsent);
          bindSchedule(insert, schedule);
          insert.execute();
          Schedule holder = scheduleHolder(h, schedule).orElseThrow();
          return new HeldSchedule(holder, holder.id().equals(schedule.id()));
        });
  }

  /** The holder of a schedule key, by a locking read (see {@code schedule_by_key_locked.sql}). */
  @Override
  protected java.util.Optional<Schedule> scheduleHolder(Handle h, Schedule s) {
    return h.createQuery(scheduleByKeyLocked)
        .bind("account", s.account())
        .bind("key", s.key())
        .map(Rows.SCHEDULE)
        .findOne();
  }

  // ---- operations by hand: lock the rows the condition takes, change them, read them ----------

  @Override
  public List<Job> retryAll(Collection<UUID> ids, Instant now) {
    return changeAll(retryJobs, retryJobsApply, ids, now);
  }

  @Override
  public List<Job> cancelAll(Collection<UUID> ids, Instant now) {
    return changeAll(cancelJobs, cancelJobsApply, ids, now);
  }

  @Override
  public Object retry(UUID jobId, Instant now) {
    return jdbi.inTransaction(
        h -> {
          List<Job> changed = changeAll(h, retryJobs, retryJobsApply, List.of(jobId), now);
          return changed.isEmpty() ? state(h, jobId) : changed.get(0);
        });
  }

  @Override
  public Object runNow(UUID jobId, Instant now) {
    return jdbi.inTransaction(
        h ->
            h.createUpdate(runNow).bind("id", jobId).bind("now", now).execute() == 1
                ? job(h, jobId).orElseThrow()
                : state(h, jobId));
  }

  @Override
  public Object reschedule(UUID jobId, Instant runAt, Instant now) {
    return jdbi.inTransaction(
        h ->
            h.createUpdate(rescheduleJob)
                        .bind("id", jobId)
                        .bind("runAt", runAt)
                        .bind("now", now)
                        .execute()
                    == 1
                ? job(h, jobId).orElseThrow()
                : state(h, jobId));
  }

  private List<Job> changeAll(String lock, String apply, Collection<UUID> ids, Instant now) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbi.inTransaction(h -> changeAll(h, lock, apply, ids, now));
  }

  /** Locks the listed rows its condition takes, changes them, and reads them back. */
  private List<Job> changeAll(
      Handle h, String lock, String apply, Collection<UUID> ids, Instant now) {
    List<UUID> locked = h.createQuery(lock).bindList("ids", sorted(ids)).mapTo(UUID.class).list();
    if (locked.isEmpty()) {
      return List.of();
    }
    h.createUpdate(apply).bindList("ids", locked).bind("now", now).execute();
    return h.createQuery(jobsByIds).bindList("ids", locked).map(Rows.JOB).list();
  }

  /** Why an operation by hand changed nothing: the job's state, or null if there is no job. */
  private Object state(Handle h, UUID id) {
    return h.createQuery(stateById)
        .bind("id", id)
        .map(
            (rs, ctx) ->
                (Object)
                    new JobState(
                        JobStatus.fromJson(rs.getString("status")), rs.getString("next_trigger")))
        .findOne()
        .orElse(null);
  }

  /** No NOTIFY on MariaDB: other nodes' feeders find the jobs at their next poll. */
  @Override
  protected void notifyDue(Handle h, List<Job> jobs) {}
}
