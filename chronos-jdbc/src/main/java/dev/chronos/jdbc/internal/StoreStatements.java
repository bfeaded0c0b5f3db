package dev.chronos.jdbc.internal;

import dev.chronos.Execution;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobStatus;
import dev.chronos.Page;
import dev.chronos.Schedule;
import dev.chronos.ScheduleQuery;
import dev.chronos.jdbc.Dialect;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.ExpiredLease;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.ScheduleFire;
import dev.chronos.spi.WaitingHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The JDBC store's operations on jobs, executions and schedules, each one transaction (or one
 * read). One implementation per dialect ({@link PostgresStatements}, {@link H2Statements}), most of
 * it shared in {@link JdbcStatements}; the SQL of each is in its dialect's folder of statement
 * files (see {@link Sql}). A new dialect is a new class and a new folder, chosen in {@link #of}.
 *
 * <p>Fencing: an execution's outcome is written by a conditional UPDATE on its row ({@code status =
 * 'running'}, lease not ended), so exactly one caller wins; only the winner then moves the job on.
 * Claims are conditional on the job being runnable and due.
 */
public interface StoreStatements {

  /**
   * The statements of this dialect.
   *
   * @param notify whether to send a NOTIFY when work becomes due (PostgreSQL only)
   */
  static StoreStatements of(Jdbi jdbi, Sql sql, boolean notify) {
    return switch (sql.dialect()) {
      case POSTGRESQL -> new PostgresStatements(jdbi, sql, notify);
      case H2 -> new H2Statements(jdbi, sql);
      case MARIADB -> new MariaDbStatements(jdbi, sql);
    };
  }

  /** The dialect these statements are written for. */
  Dialect dialect();

  /** Throws the conflict for a key repeated inside the batch, naming the batch's earlier job. */
  void checkBatchKeys(List<Job> jobs);

  /**
   * Inserts all jobs in one transaction.
   *
   * @throws dev.chronos.StoreRejectedException before anything is sent, for text PostgreSQL cannot
   *     store
   */
  Void insertAll(List<Job> jobs);

  /** After a unique violation: the first job of the batch whose key is held by a stored job. */
  Optional<IdempotencyKeyConflictException> firstConflict(List<Job> jobs);

  /**
   * Get-or-create of one job: empty if it was stored, else the holder of its key.
   *
   * @throws IdempotencyKeyConflictException if {@code requireSamePayload} and the holder's payload
   *     fingerprint differs
   */
  Optional<Job> insertIfAbsent(Job job, boolean requireSamePayload);

  /**
   * Get-or-create of one job on a handle in a caller's transaction (a job without a key is always
   * inserted), in statements that never abort that transaction on a held key.
   *
   * @throws UnsupportedOperationException if this dialect cannot write in a caller's transaction
   */
  Optional<Job> insertIfAbsent(Handle h, Job job, boolean requireSamePayload);

  /**
   * Ends running executions, each fenced, on a handle in a caller's transaction, as {@link
   * #finishAll(List, Instant)} does without beginning or ending a transaction.
   */
  List<Optional<Attempt>> finishAll(Handle h, List<ExecutionOutcome> outcomes, Instant now);

  /** Retries a failed job by hand: the job, or its {@link JobState}, or null if there is none. */
  Object retry(UUID jobId, Instant now);

  /** Retries the listed failed jobs by hand; returns those retried. */
  List<Job> retryAll(Collection<UUID> ids, Instant now);

  /** Cancels the listed runnable jobs; returns those cancelled. */
  List<Job> cancelAll(Collection<UUID> ids, Instant now);

  /** Makes a runnable job due now by hand: the job, or its {@link JobState}, or null if none. */
  Object runNow(UUID jobId, Instant now);

  /** Moves a runnable job: the job, or its {@link JobState}, or null if there is no such job. */
  Object reschedule(UUID jobId, Instant runAt, Instant now);

  /** A schedule by its key. */
  Optional<Schedule> findScheduleByKey(String account, String key);

  /** Get-or-create of a keyed schedule: empty if stored, else the holder of its key. */
  Optional<Schedule> insertScheduleIfAbsent(Schedule s);

  /**
   * Why an operation by hand changed nothing.
   *
   * @param status the job's status
   * @param nextTrigger the trigger set by hand for its next attempt, or null
   */
  record JobState(JobStatus status, String nextTrigger) {}

  /** One job, with its result. */
  Optional<Job> findJob(UUID id);

  /** The job holding an idempotency key in an account, with its result. */
  Optional<Job> findJobByKey(String account, String key);

  /** The same, in the caller's transaction. */
  Optional<Job> findJobByKey(Handle h, String account, String key);

  /** A page of jobs and the total. */
  Page<Job> query(JobQuery q);

  /** Runnable jobs the selector takes, due from {@code from} (null: any time) by the horizon. */
  List<DueJob> findDue(JobSelector selector, Instant from, Instant horizon, int limit);

  /** A job's executions, first attempt first. */
  List<Execution> executions(UUID jobId);

  /** Running executions whose lease ended. */
  List<ExpiredLease> expiredLeases(Instant now, int limit);

  /** Running executions claimed by a node, earliest started first. */
  List<Execution> runningOfNode(String node, int limit);

  /** Claims these jobs where they are runnable and due. */
  List<Attempt> claim(Collection<UUID> ids, String node, Instant now, Duration grace);

  /** Claims up to {@code max} due jobs the selector takes, earliest first. */
  List<Attempt> claimDue(JobSelector selector, int max, String node, Instant now, Duration grace);

  /**
   * Ends running executions, each fenced, and moves their jobs on, in one transaction. Results are
   * in the order of the outcomes; empty where the execution no longer held its lease.
   */
  List<Optional<Attempt>> finishAll(List<ExecutionOutcome> outcomes, Instant now);

  /** Moves a running execution's lease. */
  Optional<Execution> extend(UUID executionId, Instant leaseExpiresAt, Instant now);

  /** Cancels a runnable job: the job, or the blocking status, or null if there is no such job. */
  Object cancel(UUID jobId, Instant now);

  /** Stores a new schedule. */
  Void insertSchedule(Schedule s);

  /** One schedule. */
  Optional<Schedule> findSchedule(UUID id);

  /** A page of schedules. */
  Page<Schedule> querySchedules(ScheduleQuery q);

  /** Replaces a schedule if its version is unchanged. */
  boolean replaceSchedule(Schedule next, long expectedVersion);

  /** Applies a schedule's fire in one transaction; false if it lost to another. */
  boolean fire(ScheduleFire fire);

  /** Active schedules due by the horizon. */
  List<DueJob> dueSchedules(Instant horizon, int limit);

  /** Whether a schedule has an unfinished job. */
  boolean hasUnfinishedJob(UUID scheduleId);

  /** Cancels a schedule's runnable jobs; returns them. */
  List<Job> cancelScheduleJobs(UUID scheduleId, Instant now);

  /**
   * Deletes up to {@code limit} finished jobs of these statuses last changed before the cut-off,
   * with their executions, in one transaction.
   */
  int purge(Set<JobStatus> statuses, Instant before, int limit);

  /** Handlers that runnable pull jobs due by the cut-off wait for, from the earliest jobs. */
  List<WaitingHandler> waitingHandlers(Instant dueBefore, Set<String> excluded, int limit);
}
