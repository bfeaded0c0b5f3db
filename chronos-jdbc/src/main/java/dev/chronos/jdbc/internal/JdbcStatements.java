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
import dev.chronos.spi.ScheduleFire;
import dev.chronos.spi.WaitingHandler;
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
 * The JDBC store's operations, each one transaction. Fencing: an execution's outcome is written by
 * a conditional UPDATE on its row ({@code status = 'running'}, lease not ended), so exactly one
 * caller wins; only the winner then moves the job on. Claims are conditional on the job being
 * runnable and due; on PostgreSQL the candidates are locked with {@code FOR UPDATE SKIP LOCKED}, so
 * concurrent claimers take different rows instead of waiting.
 */
public final class JdbcStatements {
  private final Jdbi jdbi;
  private final Sql sql;
  private final boolean notify;

  /** Operations on this Jdbi; {@code notify} sends a PostgreSQL NOTIFY when work becomes due. */
  public JdbcStatements(Jdbi jdbi, Sql sql, boolean notify) {
    this.jdbi = jdbi;
    this.sql = sql;
    this.notify = notify;
  }

  /** A Jdbi that binds instants as {@code TIMESTAMP WITH TIME ZONE} in UTC. */
  public static Jdbi jdbi(DataSource dataSource) {
    Jdbi jdbi = Jdbi.create(dataSource);
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

  /** Whether a failure is a unique-index violation (SQLState 23505 on H2 and PostgreSQL). */
  public static boolean isUniqueViolation(Throwable e) {
    return hasSqlState(e, "23505");
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

  // ---- insert -----------------------------------------------------------------------------------

  /** Throws the conflict for a key repeated inside the batch, naming the batch's earlier job. */
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

  /**
   * Inserts all jobs in one transaction.
   *
   * @throws dev.chronos.StoreRejectedException before anything is sent, for text PostgreSQL cannot
   *     store
   */
  public Void insertAll(List<Job> jobs) {
    if (jobs.isEmpty()) {
      return null;
    }
    StorableText.checkJobs(jobs);
    jdbi.useTransaction(h -> insertJobs(h, jobs));
    return null;
  }

  private void insertJobs(Handle h, List<Job> jobs) {
    PreparedBatch batch = h.prepareBatch(sql.insertJob());
    for (Job job : jobs) {
      batch
          .bind("id", job.id())
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
          .bind("lastError", job.lastError());
      batch.bindByType("scheduleId", job.scheduleId(), UUID.class);
      batch.add();
    }
    batch.execute();
    notifyDue(h);
  }

  /** After a unique violation: the first job of the batch whose key is held by a stored job. */
  public Optional<IdempotencyKeyConflictException> firstConflict(List<Job> jobs) {
    return jdbi.withHandle(
        h -> {
          for (Job job : jobs) {
            if (job.idempotencyKey() == null) {
              continue;
            }
            Optional<UUID> existing =
                h.createQuery(sql.jobIdByKey())
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

  private void notifyDue(Handle h) {
    if (notify) {
      h.createQuery(sql.notify(sql.channel())).mapTo(String.class).findOne();
    }
  }

  // ---- reads ------------------------------------------------------------------------------------

  /** One job. */
  public Optional<Job> findJob(UUID id) {
    return jdbi.withHandle(h -> job(h, id));
  }

  private Optional<Job> job(Handle h, UUID id) {
    return h.createQuery(sql.jobWithResultById())
        .bind("id", id)
        .map(Rows.JOB_WITH_RESULT)
        .findOne();
  }

  private Execution execution(Handle h, UUID id) {
    return h.createQuery(sql.executionById()).bind("id", id).map(Rows.EXECUTION).one();
  }

  /** A page of jobs and the total. */
  public Page<Job> query(JobQuery q) {
    String where =
        Sql.queryWhere(
            q.oneOffOnly(),
            q.scheduleId().isPresent(),
            !q.statuses().isEmpty(),
            q.handler().isPresent());
    return jdbi.withHandle(
        h -> {
          var page = h.createQuery(sql.queryPage(where));
          var count = h.createQuery(sql.queryCount(where));
          for (var statement : List.of(page, count)) {
            statement.bind("account", q.account());
            q.scheduleId().ifPresent(id -> statement.bind("scheduleId", id));
            q.handler().ifPresent(name -> statement.bind("handler", name));
            if (!q.statuses().isEmpty()) {
              statement.bindList("statuses", q.statuses().stream().map(JobStatus::json).toList());
            }
          }
          List<Job> items =
              page.bind("size", q.size()).bind("offset", q.offset()).map(Rows.JOB).list();
          long total = count.mapTo(Long.class).one();
          return new Page<>(items, q.page(), q.size(), total);
        });
  }

  /** Runnable jobs the selector takes, due by the horizon. */
  public List<DueJob> findDue(JobSelector selector, Instant horizon, int limit) {
    String selects = Sql.selects(selector);
    if (selects == null || limit <= 0) {
      return List.of();
    }
    return jdbi.withHandle(
        h -> {
          if (sql.dialect == Dialect.H2) {
            return dueInIndexOrder(h, selector, horizon, limit);
          }
          var q = h.createQuery(sql.findDue(selects)).bind("horizon", horizon).bind("limit", limit);
          if (!selector.handlers().isEmpty()) {
            q.bindList("handlers", List.copyOf(selector.handlers()));
          }
          return q.map(Rows.DUE).list();
        });
  }

  /**
   * H2: due jobs the selector takes, earliest first, read per status and delivery type in the order
   * of the due index (so each read stops at the limit instead of sorting every due job), then
   * merged.
   */
  private List<DueJob> dueInIndexOrder(Handle h, JobSelector selector, Instant horizon, int limit) {
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
      for (JobStatus status : List.of(JobStatus.PENDING, JobStatus.RETRYING)) {
        var q =
            h.createQuery(sql.dueOfStatusAndType(byHandler))
                .bind("status", status.json())
                .bind("type", type)
                .bind("horizon", horizon)
                .bind("limit", limit);
        if (byHandler) {
          q.bindList("handlers", List.copyOf(selector.handlers()));
        }
        due.addAll(q.map(Rows.DUE).list());
      }
    }
    due.sort(Comparator.comparing(DueJob::runAt).thenComparing(DueJob::id));
    return due.size() > limit ? new ArrayList<>(due.subList(0, limit)) : due;
  }

  /** A job's executions, first attempt first. */
  public List<Execution> executions(UUID jobId) {
    return jdbi.withHandle(
        h -> h.createQuery(sql.executionsOfJob()).bind("jobId", jobId).map(Rows.EXECUTION).list());
  }

  /** Running executions whose lease ended. */
  public List<ExpiredLease> expiredLeases(Instant now, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(sql.expiredLeases())
                .bind("now", now)
                .bind("limit", limit)
                .map(Rows.EXPIRED)
                .list());
  }

  /** Running executions claimed by a node, earliest started first. */
  public List<Execution> runningOfNode(String node, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(sql.runningOfNode())
                .bind("node", node)
                .bind("limit", limit)
                .map(Rows.EXECUTION)
                .list());
  }

  // ---- claims -----------------------------------------------------------------------------------

  /** Claims these jobs where they are runnable and due. */
  public List<Attempt> claim(Collection<UUID> ids, String node, Instant now, Duration grace) {
    if (ids.isEmpty()) {
      return List.of();
    }
    StorableText.checkNode(node);
    return jdbi.inTransaction(
        h -> {
          List<Job> claimed =
              sql.dialect == Dialect.POSTGRESQL
                  ? h.createQuery(sql.claimReturning(sql.listedCandidates()))
                      .bind("now", now)
                      .bindList("ids", List.copyOf(ids))
                      .map(Rows.JOB)
                      .list()
                  : claimAll(h, sorted(ids), now);
          return start(h, claimed, node, now, grace);
        });
  }

  /** Claims up to {@code max} due jobs the selector takes, earliest first. */
  public List<Attempt> claimDue(
      JobSelector selector, int max, String node, Instant now, Duration grace) {
    String selects = Sql.selects(selector);
    if (selects == null || max <= 0) {
      return List.of();
    }
    StorableText.checkNode(node);
    return jdbi.inTransaction(
        h -> {
          List<Job> claimed = new ArrayList<>();
          if (sql.dialect == Dialect.POSTGRESQL) {
            var q =
                h.createQuery(sql.claimReturning(sql.dueCandidates(selects)))
                    .bind("now", now)
                    .bind("max", max);
            if (!selector.handlers().isEmpty()) {
              q.bindList("handlers", List.copyOf(selector.handlers()));
            }
            claimed.addAll(q.map(Rows.JOB).list());
          } else {
            // H2: take candidates and claim those still runnable; rows others won are skipped
            // and the next candidates are read, until max are claimed or none are left.
            while (claimed.size() < max) {
              List<UUID> candidates = new ArrayList<>();
              for (DueJob due : dueInIndexOrder(h, selector, now, max - claimed.size())) {
                candidates.add(due.id());
              }
              if (candidates.isEmpty()) {
                break;
              }
              claimed.addAll(claimAll(h, sorted(candidates), now));
            }
          }
          claimed.sort(
              (a, b) -> {
                int c = a.runAt().compareTo(b.runAt());
                return c != 0 ? c : a.id().compareTo(b.id());
              });
          return start(h, claimed, node, now, grace);
        });
  }

  /** Ids in one global order, so that H2 transactions lock rows in the same order. */
  private static List<UUID> sorted(Collection<UUID> ids) {
    List<UUID> list = new ArrayList<>(ids);
    list.sort(null);
    return list;
  }

  /** H2: claims those of the jobs that are still runnable and due, in one statement. */
  private List<Job> claimAll(Handle h, List<UUID> ids, Instant now) {
    return h.createQuery(sql.claimFinal())
        .bindList("ids", ids)
        .bind("now", now)
        .map(Rows.JOB)
        .list();
  }

  /**
   * Records a running execution for each claimed job: one INSERT from arrays on PostgreSQL, a batch
   * on H2.
   */
  private List<Attempt> start(
      Handle h, List<Job> claimed, String node, Instant now, Duration grace) {
    if (claimed.isEmpty()) {
      return List.of();
    }
    List<Attempt> attempts = new ArrayList<>(claimed.size());
    for (Job job : claimed) {
      ExecutionTrigger trigger =
          job.attempts() > 1
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
      attempts.add(new Attempt(job, e));
    }
    if (sql.dialect == Dialect.POSTGRESQL) {
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
      h.createUpdate(sql.insertExecutions())
          .bind("ids", ids)
          .bind("jobIds", jobIds)
          .bind("attempts", numbers)
          .bind("triggers", triggers)
          .bind("leases", leases)
          .bind("startedAt", now)
          .bind("node", node)
          .execute();
    } else {
      PreparedBatch batch = h.prepareBatch(sql.insertExecution());
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
    return attempts;
  }

  // ---- outcomes ---------------------------------------------------------------------------------

  /**
   * Ends running executions, each fenced, and moves their jobs on, all in one transaction of four
   * statements on H2 (a batched UPDATE of the executions, a read of the executions and one of the
   * jobs that won, a batched UPDATE of those jobs) and three on PostgreSQL (one set-based UPDATE of
   * the executions returning the winners, the read of their jobs, one set-based UPDATE of the
   * jobs). Results are in the order of the outcomes; empty where the execution no longer held its
   * lease.
   */
  public List<Optional<Attempt>> finishAll(List<ExecutionOutcome> outcomes, Instant now) {
    if (outcomes.isEmpty()) {
      return List.of();
    }
    Map<UUID, String> results = StorableText.checkOutcomes(outcomes);
    return jdbi.inTransaction(h -> finishAll(h, outcomes, results, now));
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
    List<Execution> ended =
        sql.dialect == Dialect.POSTGRESQL
            ? endExecutionsAtOnce(h, byExecution, resultTexts, now)
            : endExecutionsInBatch(h, byExecution, resultTexts, now);
    Map<UUID, Attempt> after = new HashMap<>();
    if (!ended.isEmpty()) {
      Map<UUID, Execution> executionOf = new HashMap<>();
      for (Execution e : ended) {
        executionOf.put(e.jobId(), e);
      }
      // Each job with its count of released attempts, in one read; the job after the change is
      // built here rather than read back.
      Map<UUID, Integer> released = new HashMap<>();
      List<Job> jobs =
          h.createQuery(sql.jobsByIds())
              .bindList("ids", List.copyOf(executionOf.keySet()))
              .map(
                  (rs, ctx) -> {
                    Job job = Rows.JOB.map(rs, ctx);
                    released.put(job.id(), rs.getInt("released"));
                    return job;
                  })
              .list();
      jobs.sort(Comparator.comparing(Job::id));
      List<Moved> moves = new ArrayList<>(jobs.size());
      for (Job job : jobs) {
        Execution done = executionOf.get(job.id());
        ExecutionOutcome outcome = outcomeOf.get(done.id());
        JobStatus next =
            outcome.jobStatusAfter(job.attempts(), released.get(job.id()), job.maxRetries());
        Moved move = new Moved(moved(job, outcome, next, now), outcome.released());
        moves.add(move);
        after.put(done.id(), new Attempt(move.job, done));
      }
      if (sql.dialect == Dialect.POSTGRESQL) {
        moveJobsAtOnce(h, moves, now);
      } else {
        moveJobsInBatch(h, moves, now);
      }
      if (moves.stream().anyMatch(m -> m.job.status() == JobStatus.RETRYING)) {
        notifyDue(h);
      }
    }
    List<Optional<Attempt>> results = new ArrayList<>(outcomes.size());
    for (ExecutionOutcome outcome : outcomes) {
      results.add(Optional.ofNullable(after.get(outcome.executionId())));
    }
    return results;
  }

  /** A job after an outcome, and whether the outcome gave the attempt back. */
  private record Moved(Job job, boolean released) {}

  /** H2: the fenced UPDATE per execution in one batch, then the winners read back. */
  private List<Execution> endExecutionsInBatch(
      Handle h, List<ExecutionOutcome> outcomes, Map<UUID, String> results, Instant now) {
    PreparedBatch end = h.prepareBatch(sql.finishExecution());
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
    return h.createQuery(sql.executionsByIds()).bindList("ids", won).map(Rows.EXECUTION).list();
  }

  /** PostgreSQL: one fenced UPDATE of all the executions, joined by id, returning the winners. */
  private List<Execution> endExecutionsAtOnce(
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
    return h.createQuery(sql.finishExecutions())
        .bind("ids", ids)
        .bind("statuses", statuses)
        .bind("errors", errors)
        .bind("results", results)
        .bind("httpStatuses", httpStatuses)
        .bind("late", late)
        .bind("now", now)
        .map(Rows.EXECUTION)
        .list();
  }

  /** H2: the UPDATE per job in one batch. */
  private void moveJobsInBatch(Handle h, List<Moved> moves, Instant now) {
    PreparedBatch update = h.prepareBatch(sql.updateJobAfterOutcome());
    for (Moved move : moves) {
      Job job = move.job;
      update
          .bind("status", job.status().json())
          .bind("runAt", job.runAt())
          .bind("now", now)
          .bind("lastError", job.lastError())
          .bind("released", move.released ? 1 : 0)
          .bind("id", job.id())
          .add();
    }
    update.execute();
  }

  /** PostgreSQL: one UPDATE of all the jobs, joined by id. */
  private void moveJobsAtOnce(Handle h, List<Moved> moves, Instant now) {
    int n = moves.size();
    UUID[] ids = new UUID[n];
    String[] statuses = new String[n];
    String[] runAts = new String[n];
    String[] lastErrors = new String[n];
    Integer[] released = new Integer[n];
    for (int i = 0; i < n; i++) {
      Job job = moves.get(i).job;
      ids[i] = job.id();
      statuses[i] = job.status().json();
      runAts[i] = job.runAt().toString();
      lastErrors[i] = job.lastError();
      released[i] = moves.get(i).released ? 1 : 0;
    }
    h.createUpdate(sql.updateJobsAfterOutcomes())
        .bind("ids", ids)
        .bind("statuses", statuses)
        .bind("runAts", runAts)
        .bind("lastErrors", lastErrors)
        .bind("released", released)
        .bind("now", now)
        .execute();
  }

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

  /** Moves a running execution's lease. */
  public Optional<Execution> extend(UUID executionId, Instant leaseExpiresAt, Instant now) {
    return jdbi.inTransaction(
        h -> {
          int n =
              h.createUpdate(sql.extendLease())
                  .bind("leaseExpiresAt", leaseExpiresAt)
                  .bind("id", executionId)
                  .bind("now", now)
                  .execute();
          return n == 0 ? Optional.<Execution>empty() : Optional.of(execution(h, executionId));
        });
  }

  /** Cancels a runnable job: the job, or the blocking status, or null if there is no such job. */
  public Object cancel(UUID jobId, Instant now) {
    return jdbi.inTransaction(
        h -> {
          int n = h.createUpdate(sql.cancel()).bind("now", now).bind("id", jobId).execute();
          if (n == 1) {
            return job(h, jobId).orElseThrow();
          }
          return h.createQuery(sql.statusById())
              .bind("id", jobId)
              .mapTo(String.class)
              .findOne()
              .map(s -> (Object) JobStatus.fromJson(s))
              .orElse(null);
        });
  }

  // ---- schedules --------------------------------------------------------------------------------

  private static void bindSchedule(SqlStatement<?> st, Schedule s) {
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
        .bind("version", s.version());
  }

  /** Stores a new schedule. */
  public Void insertSchedule(Schedule s) {
    StorableText.checkSchedule(s);
    jdbi.useHandle(
        h -> {
          var insert = h.createUpdate(sql.insertSchedule());
          bindSchedule(insert, s);
          insert.execute();
        });
    return null;
  }

  /** One schedule. */
  public Optional<Schedule> findSchedule(UUID id) {
    return jdbi.withHandle(
        h -> h.createQuery(sql.scheduleById()).bind("id", id).map(Rows.SCHEDULE).findOne());
  }

  /** A page of schedules. */
  public Page<Schedule> querySchedules(ScheduleQuery q) {
    boolean byStatus = !q.statuses().isEmpty();
    return jdbi.withHandle(
        h -> {
          var page = h.createQuery(sql.schedulePage(byStatus));
          var count = h.createQuery(sql.scheduleCount(byStatus));
          for (var st : List.of(page, count)) {
            st.bind("account", q.account());
            if (byStatus) {
              st.bindList("statuses", q.statuses().stream().map(ScheduleStatus::json).toList());
            }
          }
          List<Schedule> items =
              page.bind("size", q.size()).bind("offset", q.offset()).map(Rows.SCHEDULE).list();
          return new Page<>(items, q.page(), q.size(), count.mapTo(Long.class).one());
        });
  }

  private static boolean replace(Handle h, Sql sql, Schedule next, long expectedVersion) {
    var update = h.createUpdate(sql.replaceSchedule());
    bindSchedule(update, next);
    return update.bind("expectedVersion", expectedVersion).execute() == 1;
  }

  /** Replaces a schedule if its version is unchanged. */
  public boolean replaceSchedule(Schedule next, long expectedVersion) {
    StorableText.checkSchedule(next);
    return jdbi.inTransaction(h -> replace(h, sql, next, expectedVersion));
  }

  /**
   * Applies a fire in one transaction: the version-checked schedule update first (it locks the row,
   * so racing fires of one schedule serialize and all but one find the version changed), then the
   * spawned jobs; a job key already taken rolls everything back.
   */
  public boolean fire(ScheduleFire fire) {
    StorableText.checkSchedule(fire.next());
    StorableText.checkJobs(fire.jobs());
    try {
      return jdbi.inTransaction(
          h -> {
            if (!replace(h, sql, fire.next(), fire.expectedVersion())) {
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

  /** Active schedules due by the horizon. */
  public List<DueJob> dueSchedules(Instant horizon, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(sql.dueSchedules())
                .bind("horizon", horizon)
                .bind("limit", limit)
                .map(Rows.DUE)
                .list());
  }

  /** Whether a schedule has an unfinished job. */
  public boolean hasUnfinishedJob(UUID scheduleId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(sql.unfinishedJobOfSchedule())
                .bind("scheduleId", scheduleId)
                .mapTo(UUID.class)
                .findOne()
                .isPresent());
  }

  /** Cancels a schedule's runnable jobs; returns them. */
  public List<Job> cancelScheduleJobs(UUID scheduleId, Instant now) {
    return jdbi.inTransaction(
        h -> {
          List<UUID> ids =
              h.createQuery(sql.runnableJobsOfSchedule())
                  .bind("scheduleId", scheduleId)
                  .mapTo(UUID.class)
                  .list();
          List<Job> cancelled = new ArrayList<>();
          var cancel = h.createUpdate(sql.cancel());
          for (UUID id : ids) {
            if (cancel.bind("now", now).bind("id", id).execute() == 1) {
              job(h, id).ifPresent(cancelled::add);
            }
          }
          return cancelled;
        });
  }

  /**
   * Deletes up to {@code limit} finished jobs of these statuses last changed before the cut-off,
   * with their executions, in one transaction.
   */
  public int purge(Set<JobStatus> statuses, Instant before, int limit) {
    if (statuses.isEmpty()) {
      return 0;
    }
    List<String> names = statuses.stream().map(JobStatus::json).sorted().toList();
    return jdbi.inTransaction(
        h -> {
          if (sql.dialect == Dialect.POSTGRESQL) {
            return h.createUpdate(sql.purgeBatch())
                .bindList("statuses", names)
                .bind("before", before)
                .bind("limit", limit)
                .execute();
          }
          int purged = 0;
          for (String status : names) {
            if (purged >= limit) {
              break;
            }
            purged +=
                h.createUpdate(sql.purgeBatchOfStatus())
                    .bind("status", status)
                    .bind("before", before)
                    .bind("limit", limit - purged)
                    .execute();
          }
          return purged;
        });
  }

  /** Handlers that runnable pull jobs due by the cut-off wait for, from the earliest jobs. */
  public List<WaitingHandler> waitingHandlers(Instant dueBefore, Set<String> excluded, int limit) {
    List<WaitingHandler> rows =
        jdbi.withHandle(
            h -> {
              List<WaitingHandler> found = new ArrayList<>();
              List<String> statuses =
                  sql.dialect == Dialect.H2 ? List.of("pending", "retrying") : List.of("");
              for (String status : statuses) {
                var q =
                    h.createQuery(
                            status.isEmpty()
                                ? sql.waitingPullJobs()
                                : sql.waitingPullJobsOfStatus())
                        .bind("dueBefore", dueBefore)
                        .bind("limit", limit);
                if (!status.isEmpty()) {
                  q.bind("status", status);
                }
                found.addAll(
                    q.map(
                            (rs, ctx) ->
                                new WaitingHandler(
                                    String.valueOf(rs.getString("handler")),
                                    Rows.instant(rs, "run_at")))
                        .list());
              }
              return found;
            });
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
}
