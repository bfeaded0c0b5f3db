package dev.chronos.jdbc.internal;

import dev.chronos.jdbc.Dialect;
import dev.chronos.spi.JobSelector;
import java.util.regex.Pattern;

/**
 * Every SQL statement of the JDBC store, for one dialect and table prefix. The prefix is checked
 * against a strict pattern; user values are always bound, never concatenated.
 */
public final class Sql {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}");
  static final String RUNNABLE = "status IN ('pending', 'retrying')";
  static final String FINISHED = "status IN ('completed', 'failed', 'cancelled')";

  final Dialect dialect;
  final String prefix;
  final String jobs;
  final String executions;
  final String schedules;

  /** Statements for this dialect and prefix. */
  public Sql(Dialect dialect, String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "tablePrefix must be letters, digits and underscores (at most 41), was '" + prefix + "'");
    }
    this.dialect = dialect;
    this.prefix = prefix;
    this.jobs = prefix + "jobs";
    this.executions = prefix + "executions";
    this.schedules = prefix + "schedules";
  }

  /** The table prefix. */
  public String prefix() {
    return prefix;
  }

  /** How a bound JSON text parameter is written. */
  String json(String parameter) {
    return dialect == Dialect.POSTGRESQL ? "CAST(:" + parameter + " AS jsonb)" : ":" + parameter;
  }

  /** The LISTEN/NOTIFY channel of this prefix. */
  public String channel() {
    return prefix + "jobs_due";
  }

  String insertJob() {
    return "INSERT INTO "
        + jobs
        + " (id, account, name, handler, payload, status, scheduled_for, run_at, created_at,"
        + " updated_at, attempts, released, max_retries, timeout_seconds, delivery_type, delivery,"
        + " idempotency_key, schedule_id, last_error) VALUES (:id, :account, :name, :handler, "
        + json("payload")
        + ", :status, :scheduledFor, :runAt, :createdAt, :updatedAt, :attempts, 0, :maxRetries,"
        + " :timeoutSeconds, :deliveryType, :delivery, :idempotencyKey, CAST(:scheduleId AS UUID),"
        + " :lastError)";
  }

  String jobIdByKey() {
    return "SELECT id FROM " + jobs + " WHERE account = :account AND idempotency_key = :key";
  }

  /**
   * A job with its result, which lives on its completed execution only (schema V5): a job has at
   * most one, found through the executions' {@code (job_id, attempt)} index.
   */
  String jobWithResultById() {
    return "SELECT j.*, (SELECT e.result FROM "
        + executions
        + " e WHERE e.job_id = j.id AND e.status = 'completed' ORDER BY e.attempt DESC LIMIT 1)"
        + " AS result FROM "
        + jobs
        + " j WHERE j.id = :id";
  }

  String statusById() {
    return "SELECT status FROM " + jobs + " WHERE id = :id";
  }

  /** The selector as a condition, or null when it takes nothing. */
  static String selects(JobSelector selector) {
    String pull =
        selector.handlers().isEmpty()
            ? null
            : "(delivery_type = 'pull' AND handler IN (<handlers>))";
    String push = selector.push() ? "delivery_type = 'push'" : null;
    if (pull == null && push == null) {
      return null;
    }
    if (pull == null) {
      return push;
    }
    return push == null ? pull : "(" + pull + " OR " + push + ")";
  }

  String findDue(String selects) {
    return "SELECT id, run_at FROM "
        + jobs
        + " WHERE "
        + RUNNABLE
        + " AND run_at <= :horizon AND "
        + selects
        + " ORDER BY run_at, id LIMIT :limit";
  }

  /**
   * H2: due jobs of one status and delivery type, in the due index's order ({@code status,
   * delivery_type, run_at, id}), so H2 reads the index in order and stops at the limit.
   */
  String dueOfStatusAndType(boolean byHandler) {
    return "SELECT id, run_at FROM "
        + jobs
        + " WHERE status = :status AND delivery_type = :type AND run_at <= :horizon"
        + (byHandler ? " AND handler IN (<handlers>)" : "")
        + " ORDER BY status, delivery_type, run_at, id LIMIT :limit";
  }

  /**
   * PostgreSQL: runnable, due jobs matching a condition, locked for the claim, skipping locked
   * rows.
   */
  String dueCandidates(String condition) {
    return "SELECT id FROM "
        + jobs
        + " WHERE "
        + RUNNABLE
        + " AND run_at <= :now AND "
        + condition
        + " ORDER BY run_at, id LIMIT :max FOR UPDATE SKIP LOCKED";
  }

  /** PostgreSQL: claims the candidates in one statement and returns the claimed rows. */
  String claimReturning(String candidates) {
    return "WITH due AS ("
        + candidates
        + ") UPDATE "
        + jobs
        + " j SET status = 'running', attempts = j.attempts + 1, updated_at = :now FROM due"
        + " WHERE j.id = due.id AND j."
        + RUNNABLE
        + " AND j.run_at <= :now RETURNING j.*";
  }

  /**
   * PostgreSQL: the listed jobs, locked, skipping rows locked by others. Only the primary key can
   * serve this (the claim checks status and due time on the locked rows): with the runnable and due
   * conditions here, the planner may pick the due-jobs index on stale statistics and scan every due
   * row for each claim.
   */
  String listedCandidates() {
    return "SELECT id FROM " + jobs + " WHERE id IN (<ids>) FOR UPDATE SKIP LOCKED";
  }

  /**
   * H2: claims those of the listed jobs that are still runnable and due, and returns them as they
   * are after the claim.
   */
  String claimFinal() {
    return "SELECT * FROM FINAL TABLE (UPDATE "
        + jobs
        + " SET status = 'running', attempts = attempts + 1, updated_at = :now WHERE id IN (<ids>)"
        + " AND "
        + RUNNABLE
        + " AND run_at <= :now)";
  }

  String insertExecution() {
    return "INSERT INTO "
        + executions
        + " (id, job_id, attempt, trigger_type, status, started_at, lease_expires_at, node)"
        + " VALUES (:id, :jobId, :attempt, :trigger, 'running', :startedAt, :leaseExpiresAt, :node)";
  }

  /** PostgreSQL: inserts many running executions from arrays in one statement. */
  String insertExecutions() {
    return "INSERT INTO "
        + executions
        + " (id, job_id, attempt, trigger_type, status, started_at, lease_expires_at, node)"
        + " SELECT v.id, v.job_id, v.attempt, v.trigger_type, 'running', :startedAt, v.lease, :node"
        + " FROM unnest(CAST(:ids AS uuid[]), CAST(:jobIds AS uuid[]), CAST(:attempts AS integer[]),"
        + " CAST(:triggers AS text[]), CAST(CAST(:leases AS text[]) AS timestamptz[]))"
        + " AS v(id, job_id, attempt, trigger_type, lease)";
  }

  String executionById() {
    return "SELECT * FROM " + executions + " WHERE id = :id";
  }

  String executionsByIds() {
    return "SELECT * FROM " + executions + " WHERE id IN (<ids>)";
  }

  String jobsByIds() {
    return "SELECT * FROM " + jobs + " WHERE id IN (<ids>)";
  }

  String executionsOfJob() {
    return "SELECT * FROM " + executions + " WHERE job_id = :jobId ORDER BY attempt";
  }

  /**
   * Ends a running execution; fenced by its status and, unless late outcomes are allowed, its
   * lease.
   */
  String finishExecution() {
    return "UPDATE "
        + executions
        + " SET status = :status, finished_at = :now, error = :error, result = "
        + json("result")
        + ", http_status = :httpStatus WHERE id = :id AND status = 'running'"
        + " AND (lease_expires_at >= :now OR :late = TRUE)";
  }

  /**
   * PostgreSQL: ends many running executions in one statement, each fenced as {@link
   * #finishExecution()} does, joined by id to arrays of their outcomes; returns the executions that
   * changed.
   */
  String finishExecutions() {
    return "UPDATE "
        + executions
        + " e SET status = v.status, finished_at = :now, error = v.error,"
        + " result = CAST(v.result AS jsonb), http_status = v.http_status"
        + " FROM unnest(CAST(:ids AS uuid[]), CAST(:statuses AS text[]), CAST(:errors AS text[]),"
        + " CAST(:results AS text[]), CAST(:httpStatuses AS integer[]), CAST(:late AS boolean[]))"
        + " AS v(id, status, error, result, http_status, late)"
        + " WHERE e.id = v.id AND e.status = 'running' AND (e.lease_expires_at >= :now OR v.late)"
        + " RETURNING e.*";
  }

  /** PostgreSQL: moves many running jobs on in one statement, joined by id to arrays. */
  String updateJobsAfterOutcomes() {
    return "UPDATE "
        + jobs
        + " j SET status = v.status, run_at = v.run_at, updated_at = :now,"
        + " last_error = v.last_error, released = j.released + v.released"
        + " FROM unnest(CAST(:ids AS uuid[]), CAST(:statuses AS text[]),"
        + " CAST(CAST(:runAts AS text[]) AS timestamptz[]), CAST(:lastErrors AS text[]),"
        + " CAST(:released AS integer[]))"
        + " AS v(id, status, run_at, last_error, released)"
        + " WHERE j.id = v.id AND j.status = 'running'";
  }

  String updateJobAfterOutcome() {
    return "UPDATE "
        + jobs
        + " SET status = :status, run_at = :runAt, updated_at = :now, last_error = :lastError,"
        + " released = released + :released WHERE id = :id AND status = 'running'";
  }

  String extendLease() {
    return "UPDATE "
        + executions
        + " SET lease_expires_at = :leaseExpiresAt WHERE id = :id AND status = 'running'"
        + " AND lease_expires_at >= :now";
  }

  String expiredLeases() {
    return "SELECT id, job_id, attempt, lease_expires_at FROM "
        + executions
        + " WHERE status = 'running' AND lease_expires_at < :now ORDER BY lease_expires_at, id"
        + " LIMIT :limit";
  }

  String runningOfNode() {
    return "SELECT * FROM "
        + executions
        + " WHERE status = 'running' AND node = :node ORDER BY started_at, id LIMIT :limit";
  }

  String cancel() {
    return "UPDATE "
        + jobs
        + " SET status = 'cancelled', updated_at = :now WHERE id = :id AND "
        + RUNNABLE;
  }

  /**
   * PostgreSQL: deletes a bounded batch of finished jobs of the listed statuses, oldest first
   * through the finished-jobs index (the fixed {@code FINISHED} condition lets the planner use that
   * partial index whatever statuses are bound), skipping rows other transactions hold. The ids are
   * collected into an array first ({@code = ANY(ARRAY(...))}), so the rows are deleted by primary
   * key: with {@code IN (subquery)} the generic plan of the prepared statement joins the batch
   * against a sequential scan of the whole table. Their executions go with them ({@code ON DELETE
   * CASCADE}).
   */
  String purgeBatch() {
    return "DELETE FROM "
        + jobs
        + " WHERE id = ANY(ARRAY(SELECT id FROM "
        + jobs
        + " WHERE "
        + FINISHED
        + " AND status IN (<statuses>) AND updated_at < :before ORDER BY updated_at"
        + " LIMIT :limit FOR UPDATE SKIP LOCKED))";
  }

  /** H2: deletes a bounded batch of finished jobs of one status, in the order of its index. */
  String purgeBatchOfStatus() {
    return "DELETE FROM "
        + jobs
        + " WHERE id IN (SELECT id FROM "
        + jobs
        + " WHERE status = :status AND updated_at < :before ORDER BY status, updated_at"
        + " LIMIT :limit)";
  }

  /**
   * PostgreSQL: the earliest runnable pull jobs due by a time, through the pull lane's due index,
   * which stops at the limit.
   */
  String waitingPullJobs() {
    return "SELECT handler, run_at FROM "
        + jobs
        + " WHERE "
        + RUNNABLE
        + " AND delivery_type = 'pull' AND run_at <= :dueBefore ORDER BY run_at, id LIMIT :limit";
  }

  /** H2: the same for one status, in the due index's order. */
  String waitingPullJobsOfStatus() {
    return "SELECT handler, run_at FROM "
        + jobs
        + " WHERE status = :status AND delivery_type = 'pull' AND run_at <= :dueBefore"
        + " ORDER BY status, delivery_type, run_at, id LIMIT :limit";
  }

  String notify(String channel) {
    return "SELECT pg_notify('" + channel + "', '')";
  }

  private static final String SCHEDULE_COLUMNS =
      "account = :account, name = :name, description = :description, handler = :handler,"
          + " status = :status, cron = :cron, interval_value = :intervalValue,"
          + " interval_unit = :intervalUnit, timezone = :timezone, next_run_at = :nextRunAt,"
          + " runs = :runs, run_count = :runCount, stop_at = :stopAt,"
          + " delivery_type = :deliveryType, delivery = :delivery, payload = ";

  String insertSchedule() {
    return "INSERT INTO "
        + schedules
        + " (id, account, name, description, handler, status, cron, interval_value, interval_unit,"
        + " timezone, next_run_at, runs, run_count, stop_at, delivery_type, delivery, payload,"
        + " timeout_seconds, max_retries, misfire_policy, overlap_policy, created_at, updated_at,"
        + " version) VALUES (:id, :account, :name, :description, :handler, :status, :cron,"
        + " :intervalValue, :intervalUnit, :timezone, :nextRunAt, :runs, :runCount, :stopAt,"
        + " :deliveryType, :delivery, "
        + json("payload")
        + ", :timeoutSeconds, :maxRetries, :misfirePolicy, :overlapPolicy, :createdAt, :updatedAt,"
        + " :version)";
  }

  /** Replaces a schedule if its version is still the expected one. */
  String replaceSchedule() {
    return "UPDATE "
        + schedules
        + " SET "
        + SCHEDULE_COLUMNS
        + json("payload")
        + ", timeout_seconds = :timeoutSeconds, max_retries = :maxRetries,"
        + " misfire_policy = :misfirePolicy, overlap_policy = :overlapPolicy,"
        + " updated_at = :updatedAt, version = :version WHERE id = :id AND version = :expectedVersion";
  }

  String scheduleById() {
    return "SELECT * FROM " + schedules + " WHERE id = :id";
  }

  String schedulePage(boolean byStatus) {
    return "SELECT * FROM "
        + schedules
        + " WHERE account = :account"
        + (byStatus ? " AND status IN (<statuses>)" : "")
        + " ORDER BY created_at DESC, id DESC LIMIT :size OFFSET :offset";
  }

  String scheduleCount(boolean byStatus) {
    return "SELECT COUNT(*) FROM "
        + schedules
        + " WHERE account = :account"
        + (byStatus ? " AND status IN (<statuses>)" : "");
  }

  String dueSchedules() {
    return "SELECT id, next_run_at AS run_at FROM "
        + schedules
        + " WHERE status = 'active' AND next_run_at <= :horizon ORDER BY next_run_at, id LIMIT :limit";
  }

  String unfinishedJobOfSchedule() {
    return "SELECT id FROM "
        + jobs
        + " WHERE schedule_id = :scheduleId AND status IN ('pending', 'retrying', 'running')"
        + " LIMIT 1";
  }

  String runnableJobsOfSchedule() {
    return "SELECT id FROM " + jobs + " WHERE schedule_id = :scheduleId AND " + RUNNABLE;
  }

  /** The WHERE clause of a job query; the fragments are fixed, the values bound. */
  static String queryWhere(
      boolean oneOffOnly, boolean bySchedule, boolean byStatus, boolean byHandler) {
    StringBuilder where = new StringBuilder(" WHERE account = :account");
    if (oneOffOnly) {
      where.append(" AND schedule_id IS NULL");
    }
    if (bySchedule) {
      where.append(" AND schedule_id = :scheduleId");
    }
    if (byStatus) {
      where.append(" AND status IN (<statuses>)");
    }
    if (byHandler) {
      where.append(" AND handler = :handler");
    }
    return where.toString();
  }

  String queryPage(String where) {
    return "SELECT * FROM "
        + jobs
        + where
        + " ORDER BY created_at DESC, id DESC LIMIT :size OFFSET :offset";
  }

  String queryCount(String where) {
    return "SELECT COUNT(*) FROM " + jobs + where;
  }
}
