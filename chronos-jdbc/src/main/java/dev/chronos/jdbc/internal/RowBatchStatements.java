package dev.chronos.jdbc.internal;

import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.WaitingHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The steps H2 and MariaDB share: neither binds arrays nor returns rows from an UPDATE, and both
 * keep one due index on {@code (status, delivery_type, run_at, id)}. Due jobs are read per status
 * and delivery type in that index's order (each read stops at its limit) and merged; executions are
 * inserted, ended and their jobs moved on by one statement per row in a JDBC batch, and the winners
 * of the fenced UPDATEs read back with their jobs in one statement; purges and the unserved-handler
 * read go per status. The statements are each dialect's own files of the same names ({@code
 * due_of_status_and_type.sql}, {@code insert_execution.sql}, {@code finish_execution.sql}, {@code
 * executions_with_jobs.sql}, {@code move_job.sql}, {@code purge_batch_of_status.sql}, {@code
 * waiting_pull_jobs_of_status.sql}).
 */
abstract class RowBatchStatements extends JdbcStatements {
  /** The fixed condition on the handler of pull jobs (see {@code due_of_status_and_type.sql}). */
  private static final String OF_HANDLERS = " AND handler IN (<handlers>)";

  static final List<JobStatus> RUNNABLE = List.of(JobStatus.PENDING, JobStatus.RETRYING);

  private final String insertExecution;
  private final String finishExecution;
  private final String executionsWithJobs;
  private final String moveJob;
  private final String purgeBatchOfStatus;
  private final String waitingPullJobsOfStatus;

  RowBatchStatements(Jdbi jdbi, Sql sql) {
    super(jdbi, sql);
    this.insertExecution = sql.load("insert_execution");
    this.finishExecution = sql.load("finish_execution");
    this.executionsWithJobs = sql.load("executions_with_jobs");
    this.moveJob = sql.load("move_job");
    this.purgeBatchOfStatus = sql.load("purge_batch_of_status");
    this.waitingPullJobsOfStatus = sql.load("waiting_pull_jobs_of_status");
    // Fails at once if the file is missing, not at the first read.
    sql.load("due_of_status_and_type", "handlers", "", "account", "");
  }

  /**
   * Due jobs the selector takes, earliest first, read per status and delivery type in the order of
   * the due index (so each read stops at the limit instead of sorting every due job), then merged.
   */
  @Override
  protected List<DueJob> due(
      Handle h, JobSelector selector, Instant from, Instant horizon, int limit) {
    List<DueJob> due = new ArrayList<>();
    List<String> types = new ArrayList<>(2);
    if (!selector.handlers().isEmpty()) {
      types.add("pull");
    }
    if (selector.push()) {
      types.add("push");
    }
    for (String type : types) {
      boolean byHandler = type.equals("pull");
      String statement =
          sql.load(
              "due_of_status_and_type",
              "handlers",
              byHandler ? OF_HANDLERS : "",
              "account",
              ofAccount(selector));
      for (JobStatus status : RUNNABLE) {
        var q =
            h.createQuery(statement)
                .bind("status", status.json())
                .bind("type", type)
                .bind("from", from)
                .bind("horizon", horizon)
                .bind("limit", limit);
        if (byHandler) {
          q.bindList("handlers", List.copyOf(selector.handlers()));
        }
        bindAccount(q, selector);
        due.addAll(q.map(Rows.DUE).list());
      }
    }
    due.sort(Comparator.comparing(DueJob::runAt).thenComparing(DueJob::id));
    return due.size() > limit ? new ArrayList<>(due.subList(0, limit)) : due;
  }

  /** One batch of INSERTs (MariaDB's driver rewrites it into few round trips). */
  @Override
  protected void insertExecutions(Handle h, List<Attempt> attempts, String node, Instant now) {
    PreparedBatch batch = h.prepareBatch(insertExecution);
    for (Attempt a : attempts) {
      Execution e = a.execution();
      batch
          .bind("id", e.id())
          .bind("jobId", e.jobId())
          .bind("attempt", e.attempt())
          .bind("trigger", e.trigger().json())
          .bind("startedAt", e.startedAt())
          .bind("leaseExpiresAt", e.leaseExpiresAt())
          .bind("node", node)
          .add();
    }
    batch.execute();
  }

  /**
   * The fenced UPDATE per execution in one batch, then the winners read with their jobs in one
   * statement. {@code :late} is bound as 1 or 0, which both dialects compare with 1.
   */
  @Override
  protected List<Ended> endExecutions(
      Handle h, List<ExecutionOutcome> outcomes, Map<UUID, String> results, Instant now) {
    PreparedBatch end = h.prepareBatch(finishExecution);
    for (ExecutionOutcome outcome : outcomes) {
      end.bind("status", outcome.status().json())
          .bind("now", now)
          .bind("error", outcome.error())
          .bind("result", results.get(outcome.executionId()))
          .bind("id", outcome.executionId())
          .bind("late", outcome.acceptedAfterLeaseEnded() ? 1 : 0)
          .bindByType("httpStatus", outcome.httpStatus(), Integer.class)
          .add();
    }
    int[] counts = end.execute();
    List<UUID> won = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        won.add(outcomes.get(i).executionId());
      }
    }
    if (won.isEmpty()) {
      return List.of();
    }
    return h.createQuery(executionsWithJobs).bindList("ids", won).map(ENDED).list();
  }

  /** The UPDATE per job in one batch. */
  @Override
  protected void moveJobs(Handle h, List<Moved> moves, Instant now) {
    PreparedBatch update = h.prepareBatch(moveJob);
    for (Moved move : moves) {
      Job job = move.job();
      update
          .bind("status", job.status().json())
          .bind("runAt", job.runAt())
          .bind("now", now)
          .bind("lastError", job.lastError())
          .bind("released", move.released() ? 1 : 0)
          .bind("id", job.id())
          .add();
    }
    update.execute();
  }

  /** A batch per status, in the order of the {@code (status, updated_at)} index. */
  @Override
  protected int purge(Handle h, List<String> statuses, Instant before, int limit) {
    int purged = 0;
    for (String status : statuses) {
      if (purged >= limit) {
        break;
      }
      try {
        purged +=
            h.createUpdate(purgeBatchOfStatus)
                .bind("status", status)
                .bind("before", before)
                .bind("limit", limit - purged)
                .execute();
      } catch (JdbiException e) {
        if (!rowsBusy(e)) {
          throw e;
        }
        // The batch's range reached a row another transaction holds: what was purged stays, the
        // rest is purged at a later round.
        break;
      }
    }
    return purged;
  }

  /**
   * Whether a failed statement only met rows another transaction holds, and rolled back alone (the
   * transaction goes on). None on H2.
   */
  protected boolean rowsBusy(JdbiException e) {
    return false;
  }

  /** A read per runnable status, in the due index's order. */
  @Override
  protected List<WaitingHandler> waitingPullJobs(Handle h, Instant dueBefore, int limit) {
    List<WaitingHandler> found = new ArrayList<>();
    for (JobStatus status : RUNNABLE) {
      found.addAll(
          h.createQuery(waitingPullJobsOfStatus)
              .bind("status", status.json())
              .bind("dueBefore", dueBefore)
              .bind("limit", limit)
              .map(WAITING)
              .list());
    }
    return found;
  }
}
