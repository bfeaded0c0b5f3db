package dev.chronos.benchmarks.systems;

import com.github.kagkarlsson.scheduler.CurrentlyExecuting;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.event.SchedulerListener;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * db-scheduler ({@code com.github.kagkarlsson:db-scheduler}) with the harness's thread count and
 * pool size, on H2 in a file, PostgreSQL or MariaDB, with its default polling interval (10 s) or a
 * tuned one, and either of its polling strategies: fetch-and-lock-on-execute (its default; a
 * version-checked UPDATE per execution) or lock-and-fetch ({@code SELECT ... FOR UPDATE SKIP
 * LOCKED} in one statement; PostgreSQL only: db-scheduler 16.7.1 refuses it on H2 and MariaDB). Its
 * {@code scheduled_tasks} table is created by the harness from the DDL in db-scheduler's
 * documentation, in a fresh H2 file, PostgreSQL schema or MariaDB database for each run. Immediate
 * execution is left off, as it is by default. On MariaDB it runs with {@code
 * alwaysPersistTimestampInUTC()}, the setting db-scheduler documents for MySQL and MariaDB.
 */
public final class DbSchedulerSystem implements BenchmarkedSystem {
  /** db-scheduler's polling strategies. */
  public enum Strategy {
    /** {@code pollUsingFetchAndLockOnExecute(0.5, 3.0)}, the default. */
    FETCH,
    /** {@code pollUsingLockAndFetch(0.5, 1.0)}. */
    LOCK_AND_FETCH
  }

  /** Where db-scheduler keeps its table. */
  public enum Database {
    /** An H2 file. */
    H2,
    /** The PostgreSQL server. */
    POSTGRESQL,
    /** The MariaDB server. */
    MARIADB
  }

  private static final String TASK = "noop";

  /** From db-scheduler's README (PostgreSQL). */
  private static final List<String> POSTGRES_DDL =
      List.of(
          "CREATE TABLE scheduled_tasks (task_name text NOT NULL, task_instance text NOT NULL,"
              + " task_data bytea, execution_time timestamp with time zone NOT NULL,"
              + " picked BOOLEAN NOT NULL, picked_by text,"
              + " last_success timestamp with time zone, last_failure timestamp with time zone,"
              + " consecutive_failures INT, last_heartbeat timestamp with time zone,"
              + " version BIGINT NOT NULL, priority SMALLINT,"
              + " PRIMARY KEY (task_name, task_instance))",
          "CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)",
          "CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)",
          "CREATE INDEX priority_execution_time_idx ON scheduled_tasks"
              + " (priority DESC, execution_time ASC)");

  /** From db-scheduler's README (MySQL; MariaDB accepts the same). */
  private static final List<String> MARIADB_DDL =
      List.of(
          "CREATE TABLE scheduled_tasks (task_name varchar(100) NOT NULL,"
              + " task_instance varchar(100) NOT NULL, task_data blob,"
              + " execution_time timestamp(6) NOT NULL,"
              + " picked BOOLEAN NOT NULL, picked_by varchar(50),"
              + " last_success timestamp(6) NULL, last_failure timestamp(6) NULL,"
              + " consecutive_failures INT, last_heartbeat timestamp(6) NULL,"
              + " version BIGINT NOT NULL, priority SMALLINT,"
              + " PRIMARY KEY (task_name, task_instance),"
              + " INDEX execution_time_idx (execution_time),"
              + " INDEX last_heartbeat_idx (last_heartbeat),"
              + " INDEX priority_execution_time_idx (priority DESC, execution_time ASC))");

  /** The same table in H2's types. */
  private static final List<String> H2_DDL =
      List.of(
          "CREATE TABLE scheduled_tasks (task_name varchar(255) NOT NULL,"
              + " task_instance varchar(255) NOT NULL, task_data blob,"
              + " execution_time timestamp with time zone NOT NULL,"
              + " picked BOOLEAN NOT NULL, picked_by varchar(255),"
              + " last_success timestamp with time zone, last_failure timestamp with time zone,"
              + " consecutive_failures INT, last_heartbeat timestamp with time zone,"
              + " version BIGINT NOT NULL, priority SMALLINT,"
              + " PRIMARY KEY (task_name, task_instance))",
          "CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)",
          "CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)",
          "CREATE INDEX priority_execution_time_idx ON scheduled_tasks"
              + " (priority DESC, execution_time ASC)");

  private final String name;
  private final Database database;
  private final Duration pollingInterval;
  private final Strategy strategy;

  /**
   * A db-scheduler configuration.
   *
   * @param name its name in the report
   * @param database where its table is
   * @param pollingInterval the polling interval, or null for db-scheduler's default (10 s)
   * @param strategy the polling strategy
   */
  public DbSchedulerSystem(
      String name, Database database, Duration pollingInterval, Strategy strategy) {
    if (strategy == Strategy.LOCK_AND_FETCH && database != Database.POSTGRESQL) {
      throw new IllegalArgumentException("db-scheduler has lock-and-fetch on PostgreSQL only");
    }
    this.name = name;
    this.database = database;
    this.pollingInterval = pollingInterval;
    this.strategy = strategy;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "db-scheduler 16.7.1, "
        + switch (database) {
          case H2 -> "H2 file";
          case POSTGRESQL -> "PostgreSQL";
          case MARIADB -> "MariaDB, timestamps in UTC";
        }
        + ", polling "
        + (pollingInterval == null
            ? "default (" + SchedulerBuilder.DEFAULT_POLLING_INTERVAL.toSeconds() + " s)"
            : pollingInterval.toMillis() + " ms")
        + ", "
        + (strategy == Strategy.FETCH ? "fetch-and-lock-on-execute" : "lock-and-fetch");
  }

  @Override
  public boolean needsPostgres() {
    return database == Database.POSTGRESQL;
  }

  @Override
  public boolean needsMariaDb() {
    return database == Database.MARIADB;
  }

  @Override
  public boolean measuresSubmits() {
    return pollingInterval == null && strategy == Strategy.FETCH;
  }

  @Override
  public SystemRun open(RunSettings settings, JobProbe probe) throws Exception {
    return new Run(settings, probe);
  }

  private final class Run implements SystemRun {
    private final RunSettings settings;
    private final Completions counts = new Completions();
    private final OneTimeTask<Void> task;
    private final Scheduler scheduler;
    private HikariDataSource pool;
    private H2Database h2;
    private SqlServer server;
    private String schema;
    private long nextId;

    Run(RunSettings settings, JobProbe probe) throws Exception {
      this.settings = settings;
      if (database != Database.H2) {
        server = database == Database.POSTGRESQL ? settings.postgres() : settings.mariadb();
        schema = server.createSchema();
        pool = server.pool(schema, settings.poolSize());
      } else {
        h2 = new H2Database(settings.workDir());
        pool = h2.pool(settings.poolSize());
      }
      try (Connection c = pool.getConnection();
          Statement st = c.createStatement()) {
        List<String> ddls =
            switch (database) {
              case H2 -> H2_DDL;
              case POSTGRESQL -> POSTGRES_DDL;
              case MARIADB -> MARIADB_DDL;
            };
        for (String ddl : ddls) {
          st.execute(ddl);
        }
      }
      this.task =
          Tasks.oneTime(TASK)
              .execute(
                  (instance, ctx) -> {
                    counts.ran.incrementAndGet();
                    probe.ran(ctx.getExecution().executionTime);
                  });
      SchedulerBuilder b =
          Scheduler.create(pool, task)
              .threads(settings.threads())
              .shutdownMaxWait(Duration.ofSeconds(5))
              .addSchedulerListener(new CompletionCounter(counts.completed));
      if (pollingInterval != null) {
        b.pollingInterval(pollingInterval);
      }
      if (database == Database.MARIADB) {
        b.alwaysPersistTimestampInUTC();
      }
      if (strategy == Strategy.LOCK_AND_FETCH) {
        b.pollUsingLockAndFetch(0.5, 1.0);
      } else {
        b.pollUsingFetchAndLockOnExecute(0.5, 3.0);
      }
      this.scheduler = b.build();
    }

    @Override
    public void schedule(List<Instant> dueTimes) {
      List<SchedulableInstance<?>> instances = new ArrayList<>(1000);
      for (Instant due : dueTimes) {
        instances.add(SchedulableInstance.of(task.instance("j" + nextId++), due));
        if (instances.size() == 1000) {
          scheduler.scheduleBatch(instances);
          instances.clear();
        }
      }
      if (!instances.isEmpty()) {
        scheduler.scheduleBatch(instances);
      }
    }

    @Override
    public void start() {
      scheduler.start();
    }

    @Override
    public void awaitCompletionsStored(Duration timeout) throws Exception {
      counts.await(timeout);
    }

    @Override
    public KeyedSubmitter keyed() {
      return new KeyedSubmitter() {
        @Override
        public void submit(String key, Instant due) {
          if (!scheduler.scheduleIfNotExists(task.instance(key), due)) {
            throw new IllegalStateException("duplicate key " + key);
          }
        }

        @Override
        public void submitBatch(List<String> keys, Instant due) {
          List<TaskInstance<?>> instances = new ArrayList<>(keys.size());
          for (String key : keys) {
            instances.add(task.instance(key));
          }
          scheduler.scheduleBatch(instances, due);
        }
      };
    }

    @Override
    public void close() throws Exception {
      scheduler.stop();
      pool.close();
      if (h2 != null) {
        h2.delete();
      }
      if (schema != null) {
        server.dropSchema(schema);
      }
    }
  }

  /** Counts executions whose completion db-scheduler has stored (the row is deleted). */
  private static final class CompletionCounter implements SchedulerListener {
    private final AtomicLong completed;

    CompletionCounter(AtomicLong completed) {
      this.completed = completed;
    }

    @Override
    public void onExecutionComplete(ExecutionComplete executionComplete) {
      completed.incrementAndGet();
    }

    @Override
    public void onExecutionScheduled(TaskInstanceId taskInstanceId, Instant executionTime) {}

    @Override
    public void onExecutionStart(CurrentlyExecuting currentlyExecuting) {}

    @Override
    public void onExecutionDead(Execution execution) {}

    @Override
    public void onExecutionFailedHeartbeat(CurrentlyExecuting currentlyExecuting) {}

    @Override
    public void onSchedulerEvent(SchedulerEventType type) {}

    @Override
    public void onCandidateEvent(CandidateEventType type) {}
  }
}
