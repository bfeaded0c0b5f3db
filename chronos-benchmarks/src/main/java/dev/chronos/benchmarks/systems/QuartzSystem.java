package dev.chronos.benchmarks.systems;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Quartz ({@code org.quartz-scheduler:quartz}) with a thread pool of the harness's thread count:
 * the {@code RAMJobStore}, or {@code JobStoreTX} on PostgreSQL with a HikariCP pool of the
 * harness's pool size and the tables created from {@code tables_postgres.sql} in Quartz's jar (in a
 * fresh schema per run). Each job is a non-durable {@link JobDetail} with a one-shot trigger.
 * Quartz's defaults otherwise, except a misfire threshold of an hour (so that a burn-down backlog
 * runs as due jobs rather than through misfire recovery), and, with {@code batchAcquisition},
 * {@code batchTriggerAcquisitionMaxCount} raised from 1 to the thread count (the tuning Quartz
 * documents for throughput).
 */
public final class QuartzSystem implements BenchmarkedSystem {
  private static final String PROBE = "bench.probe";
  private static final String TABLES = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";

  private final String name;
  private final boolean jdbc;
  private final boolean batchAcquisition;

  /**
   * A Quartz configuration.
   *
   * @param name its name in the report
   * @param jdbc JobStoreTX on PostgreSQL if true, else RAMJobStore
   * @param batchAcquisition whether triggers are acquired in batches of the thread count
   */
  public QuartzSystem(String name, boolean jdbc, boolean batchAcquisition) {
    this.name = name;
    this.jdbc = jdbc;
    this.batchAcquisition = batchAcquisition;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "Quartz 2.5.2, "
        + (jdbc ? "JobStoreTX on PostgreSQL" : "RAMJobStore")
        + (batchAcquisition ? ", batchTriggerAcquisitionMaxCount = threads" : ", defaults");
  }

  @Override
  public boolean needsPostgres() {
    return jdbc;
  }

  @Override
  public boolean measuresSubmits() {
    return !batchAcquisition;
  }

  @Override
  public boolean keepsJobsOnHeap() {
    return !jdbc;
  }

  @Override
  public SystemRun open(RunSettings settings, JobProbe probe) throws Exception {
    return new Run(settings, probe);
  }

  /** The no-op job: tells the probe it ran. Public with a no-arg constructor for Quartz. */
  public static final class NoopJob implements Job {
    /** Quartz instantiates it. */
    public NoopJob() {}

    @Override
    public void execute(JobExecutionContext context) {
      try {
        JobProbe probe = (JobProbe) context.getScheduler().getContext().get(PROBE);
        probe.ran(context.getScheduledFireTime().toInstant());
      } catch (SchedulerException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final class Run implements SystemRun {
    private final RunSettings settings;
    private final Scheduler scheduler;
    private String schema;
    private long nextId;

    Run(RunSettings settings, JobProbe probe) throws Exception {
      this.settings = settings;
      Properties p = new Properties();
      p.setProperty(
          "org.quartz.scheduler.instanceName",
          "bench-" + UUID.randomUUID().toString().substring(0, 8));
      p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(settings.threads()));
      // A burn-down backlog stored more than a minute (the default) before start would otherwise be
      // misfire-recovered at start, in one transaction: a different, much slower path.
      p.setProperty("org.quartz.jobStore.misfireThreshold", "3600000");
      if (batchAcquisition) {
        p.setProperty(
            "org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
            String.valueOf(settings.threads()));
      }
      if (jdbc) {
        Postgres pg = settings.postgres();
        schema = pg.createSchema();
        createTables(pg);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty(
            "org.quartz.jobStore.driverDelegateClass",
            "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "bench");
        p.setProperty("org.quartz.dataSource.bench.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.bench.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.bench.URL", pg.urlFor(schema));
        p.setProperty("org.quartz.dataSource.bench.user", pg.user());
        p.setProperty("org.quartz.dataSource.bench.password", pg.password());
        p.setProperty(
            "org.quartz.dataSource.bench.maxConnections", String.valueOf(settings.poolSize()));
      } else {
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
      }
      this.scheduler = new StdSchedulerFactory(p).getScheduler();
      scheduler.getContext().put(PROBE, probe);
    }

    private void createTables(Postgres pg) throws Exception {
      String script;
      try (InputStream in = QuartzSystem.class.getResourceAsStream(TABLES)) {
        if (in == null) {
          throw new IOException("Quartz's jar has no " + TABLES);
        }
        script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      StringBuilder withoutComments = new StringBuilder();
      for (String line : script.split("\n")) {
        if (!line.strip().startsWith("--")) {
          withoutComments.append(line).append('\n');
        }
      }
      try (Connection c = pg.connect();
          Statement st = c.createStatement()) {
        st.execute("SET search_path TO " + schema);
        for (String statement : withoutComments.toString().split(";")) {
          String s = statement.strip();
          if (!s.isEmpty() && !s.equalsIgnoreCase("COMMIT")) {
            st.execute(s);
          }
        }
      }
    }

    private JobDetail job(String key) {
      return JobBuilder.newJob(NoopJob.class).withIdentity(key).build();
    }

    private static Trigger trigger(String key, Instant due) {
      return TriggerBuilder.newTrigger().withIdentity(key).startAt(Date.from(due)).build();
    }

    @Override
    public void schedule(List<Instant> dueTimes) throws SchedulerException {
      Map<JobDetail, Set<? extends Trigger>> chunk = new HashMap<>();
      for (Instant due : dueTimes) {
        String key = "j" + nextId++;
        chunk.put(job(key), Set.of(trigger(key, due)));
        if (chunk.size() == 1000) {
          scheduler.scheduleJobs(chunk, false);
          chunk.clear();
        }
      }
      if (!chunk.isEmpty()) {
        scheduler.scheduleJobs(chunk, false);
      }
    }

    @Override
    public void start() throws SchedulerException {
      scheduler.start();
    }

    /** A trigger is deleted once its job's completion is stored. */
    @Override
    public void awaitCompletionsStored(Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup()).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("Quartz still holds triggers");
        }
        Thread.sleep(2);
      }
    }

    @Override
    public KeyedSubmitter keyed() {
      return new KeyedSubmitter() {
        @Override
        public void submit(String key, Instant due) throws SchedulerException {
          scheduler.scheduleJob(job(key), trigger(key, due));
        }

        @Override
        public void submitBatch(List<String> keys, Instant due) throws SchedulerException {
          Map<JobDetail, Set<? extends Trigger>> batch = new HashMap<>();
          for (String key : keys) {
            batch.put(job(key), Set.of(trigger(key, due)));
          }
          scheduler.scheduleJobs(batch, false);
        }
      };
    }

    @Override
    public void close() throws Exception {
      scheduler.shutdown(true);
      if (schema != null) {
        settings.postgres().dropSchema(schema);
      }
    }
  }
}
