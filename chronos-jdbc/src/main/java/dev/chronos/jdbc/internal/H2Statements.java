package dev.chronos.jdbc.internal;

import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.Schedule;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.WaitingHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The store's statements on H2 ({@code dev/chronos/jdbc/sql/h2/}). H2 has neither partial indexes
 * nor {@code SKIP LOCKED}: due jobs are read per status and delivery type in the order of the
 * {@code (status, delivery_type, run_at, id)} index, so each read stops at its limit, then merged;
 * a claim is one conditional UPDATE of the candidates ({@code FINAL TABLE}), and rows another
 * transaction won are skipped by the condition. Rows are locked in id order so that transactions
 * never deadlock. Only one process opens an H2 database, so there are no other nodes to wake.
 */
final class H2Statements extends JdbcStatements {
  /** The fixed condition on the handler of pull jobs (see {@code due_of_status_and_type.sql}). */
  private static final String OF_HANDLERS = " AND handler IN (<handlers>)";

  private static final List<JobStatus> RUNNABLE = List.of(JobStatus.PENDING, JobStatus.RETRYING);

  private final String claimListed;
  private final String insertExecution;
  private final String finishExecution;
  private final String executionsWithJobs;
  private final String moveJob;
  private final String purgeBatchOfStatus;
  private final String waitingPullJobsOfStatus;
  private final String insertJobIfAbsent;
  private final String insertScheduleIfAbsent;

  H2Statements(Jdbi jdbi, Sql sql) {
    super(jdbi, sql);
    this.claimListed = sql.load("claim_listed");
    this.insertExecution = sql.load("insert_execution");
    this.finishExecution = sql.load("finish_execution");
    this.executionsWithJobs = sql.load("executions_with_jobs");
    this.moveJob = sql.load("move_job");
    this.purgeBatchOfStatus = sql.load("purge_batch_of_status");
    this.waitingPullJobsOfStatus = sql.load("waiting_pull_jobs_of_status");
    this.insertJobIfAbsent = sql.load("insert_job_if_absent");
    this.insertScheduleIfAbsent = sql.load("insert_schedule_if_absent");
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

  /** Claims those of the jobs that are still runnable and due, in one statement. */
  @Override
  protected List<Claimed> claimListed(Handle h, Collection<UUID> ids, Instant now) {
    return h.createQuery(claimListed)
        .bindList("ids", sorted(ids))
        .bind("now", now)
        .map(CLAIMED)
        .list();
  }

  /**
   * {@code MERGE ... WHEN NOT MATCHED THEN INSERT}, then the holder read in the same transaction
   * (see {@link #untilHeld}).
   */
  @Override
  protected Held insertOrFind(Job job) {
    return untilHeld(
        () ->
            jdbi.inTransaction(
                h -> {
                  bindJob(h.createUpdate(insertJobIfAbsent), job).execute();
                  return holder(h, job).orElseThrow();
                }));
  }

  /**
   * The same MERGE and read on a caller's handle. On H2 a failed statement rolls back only itself,
   * so a MERGE that loses a race on the unique index leaves the caller's transaction usable and is
   * run again.
   */
  @Override
  protected Held insertOrFind(Handle h, Job job) {
    return untilHeld(
        () -> {
          bindJob(h.createUpdate(insertJobIfAbsent), job).execute();
          return holder(h, job).orElseThrow();
        });
  }

  /** {@code MERGE}, then the holder read in the same transaction, as for jobs. */
  @Override
  protected HeldSchedule insertScheduleOrFind(Schedule schedule) {
    return untilHeld(
        () ->
            jdbi.inTransaction(
                h -> {
                  var merge = h.createUpdate(insertScheduleIfAbsent);
                  bindSchedule(merge, schedule);
                  merge.execute();
                  Schedule holder = scheduleHolder(h, schedule).orElseThrow();
                  return new HeldSchedule(holder, holder.id().equals(schedule.id()));
                }));
  }

  /**
   * Runs a get-or-create until it finds a holder. H2 cannot return the holder from the MERGE; of
   * transactions racing on one new key, the losers fail on the unique index (and a holder purged
   * between the MERGE and the read is not found): those run again, and then find the winner.
   */
  private static <T> T untilHeld(java.util.function.Supplier<T> getOrCreate) {
    for (int round = 0; ; round++) {
      try {
        return getOrCreate.get();
      } catch (org.jdbi.v3.core.JdbiException | java.util.NoSuchElementException e) {
        if (round >= 10
            || !(e instanceof java.util.NoSuchElementException || isUniqueViolation(e))) {
          throw e;
        }
      }
    }
  }

  /**
   * Takes candidates and claims those still runnable; rows others won are skipped and the next
   * candidates are read, until {@code max} are claimed or none are left.
   */
  @Override
  protected List<Claimed> claimDueJobs(Handle h, JobSelector selector, int max, Instant now) {
    List<Claimed> claimed = new ArrayList<>();
    while (claimed.size() < max) {
      List<UUID> candidates = new ArrayList<>();
      for (DueJob due : due(h, selector, ANY_TIME, now, max - claimed.size())) {
        candidates.add(due.id());
      }
      if (candidates.isEmpty()) {
        break;
      }
      claimed.addAll(claimListed(h, candidates, now));
    }
    return claimed;
  }

  /** One batch of INSERTs. */
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
   * statement.
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
          .bind("late", outcome.acceptedAfterLeaseEnded())
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
      purged +=
          h.createUpdate(purgeBatchOfStatus)
              .bind("status", status)
              .bind("before", before)
              .bind("limit", limit - purged)
              .execute();
    }
    return purged;
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
