package dev.chronos.benchmarks.systems;

import dev.chronos.Chronos;
import dev.chronos.ChronosBuilder;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobListener;
import dev.chronos.JobRequest;
import dev.chronos.jdbc.JdbcJobStore;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.JobStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Chronos with its default settings (poll interval 1 s, look-ahead 30 s) and the harness's worker
 * thread count, on the in-memory store, embedded H2 in a file, PostgreSQL or MariaDB, with one or
 * more nodes sharing the tables. Jobs stored before {@link SystemRun#start()} go through a separate
 * node that has no handlers and is closed at once, so the measured nodes find them in the store as
 * they would after a restart. In the cross-node configurations, jobs stored while the system runs
 * go through another such node, kept open, so that a node with handlers must learn of them from the
 * store (PostgreSQL: a NOTIFY; MariaDB: its next poll).
 */
public final class ChronosSystem implements BenchmarkedSystem {
  /** Where the jobs live. */
  public enum Store {
    /** {@link InMemoryJobStore}. */
    MEMORY,
    /** {@link JdbcJobStore} on embedded H2 in a file. */
    H2,
    /** {@link JdbcJobStore} on PostgreSQL. */
    POSTGRESQL,
    /** {@link JdbcJobStore} on MariaDB. */
    MARIADB
  }

  private static final String HANDLER = "noop";
  private static final int SUBMIT_CHUNK = 1000;

  private final String name;
  private final Store store;
  private final int nodes;
  private final boolean submitElsewhere;

  /**
   * A Chronos configuration whose running nodes submit the jobs stored while it runs.
   *
   * @param name its name in the report
   * @param store where the jobs live
   * @param nodes how many nodes share the store and run jobs
   */
  public ChronosSystem(String name, Store store, int nodes) {
    this(name, store, nodes, false);
  }

  /**
   * A Chronos configuration.
   *
   * @param name its name in the report
   * @param store where the jobs live
   * @param nodes how many nodes share the store and run jobs
   * @param submitElsewhere jobs stored while it runs go through one more node, which has no
   *     handlers (see {@link #submitsFromAnotherNode()})
   */
  public ChronosSystem(String name, Store store, int nodes, boolean submitElsewhere) {
    this.name = name;
    this.store = store;
    this.nodes = nodes;
    this.submitElsewhere = submitElsewhere;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    String where =
        switch (store) {
          case MEMORY -> "in-memory store";
          case H2 -> "JDBC store, H2 file";
          case POSTGRESQL -> "JDBC store, PostgreSQL";
          case MARIADB -> "JDBC store, MariaDB";
        };
    return "Chronos, "
        + where
        + (nodes > 1 ? ", " + nodes + " nodes" : "")
        + (submitElsewhere ? ", submits through another node without handlers" : "")
        + ", default poll 1 s and look-ahead 30 s";
  }

  @Override
  public boolean needsPostgres() {
    return store == Store.POSTGRESQL;
  }

  @Override
  public boolean needsMariaDb() {
    return store == Store.MARIADB;
  }

  @Override
  public boolean submitsFromAnotherNode() {
    return submitElsewhere;
  }

  @Override
  public boolean measuresSubmits() {
    return nodes == 1 && !submitElsewhere;
  }

  @Override
  public boolean keepsJobsOnHeap() {
    return store == Store.MEMORY;
  }

  @Override
  public SystemRun open(RunSettings settings, JobProbe probe) throws Exception {
    return new Run(settings, probe);
  }

  private final class Run implements SystemRun {
    private final RunSettings settings;
    private final Supplier<JobStore> stores;
    private final List<Chronos> nodeList = new ArrayList<>();
    private final Completions counts = new Completions();
    private H2Database h2;
    private SqlServer server;
    private String schema;
    private Chronos submitter;
    private boolean started;

    Run(RunSettings settings, JobProbe probe) throws Exception {
      this.settings = settings;
      this.stores = stores(settings);
      for (int i = 0; i < nodes; i++) {
        nodeList.add(
            Chronos.builder()
                .store(stores.get())
                .nodeId(name + "-" + i)
                .workerThreads(settings.threads())
                .handler(
                    HANDLER,
                    ctx -> {
                      counts.ran.incrementAndGet();
                      probe.ran(ctx.scheduledFor());
                      return null;
                    })
                .listener(
                    new JobListener() {
                      @Override
                      public void onCompleted(Job job, Execution execution) {
                        counts.completed.incrementAndGet();
                      }
                    })
                .build());
      }
      if (submitElsewhere) {
        submitter = Chronos.builder().store(stores.get()).nodeId(name + "-submitter").build();
      }
    }

    private Supplier<JobStore> stores(RunSettings settings) throws Exception {
      switch (store) {
        case MEMORY -> {
          InMemoryJobStore shared = new InMemoryJobStore();
          return () -> shared;
        }
        case H2 -> {
          h2 = new H2Database(settings.workDir());
          return () -> JdbcJobStore.builder().h2(h2.dir()).maxPoolSize(settings.poolSize()).build();
        }
        case POSTGRESQL, MARIADB -> {
          server = store == Store.POSTGRESQL ? settings.postgres() : settings.mariadb();
          schema = server.createSchema();
          return () ->
              JdbcJobStore.builder()
                  .jdbcUrl(server.urlFor(schema), server.user(), server.password())
                  .maxPoolSize(settings.poolSize())
                  .build();
        }
        default -> throw new IllegalStateException();
      }
    }

    private static JobRequest.Builder request(Instant due, Instant now) {
      JobRequest.Builder b = JobRequest.builder().name("bench").handler(HANDLER);
      return due.isAfter(now) ? b.scheduledFor(due) : b;
    }

    @Override
    public void schedule(List<Instant> dueTimes) {
      if (started) {
        submitAll(submitter != null ? submitter : nodeList.get(0), dueTimes);
        return;
      }
      ChronosBuilder b = Chronos.builder().store(stores.get()).nodeId(name + "-submitter");
      try (Chronos submitter = b.build()) {
        submitAll(submitter, dueTimes);
      }
    }

    private static void submitAll(Chronos node, List<Instant> dueTimes) {
      Instant now = Instant.now();
      List<JobRequest> chunk = new ArrayList<>(SUBMIT_CHUNK);
      for (Instant due : dueTimes) {
        chunk.add(request(due, now).build());
        if (chunk.size() == SUBMIT_CHUNK) {
          node.submitAll(chunk);
          chunk.clear();
        }
      }
      if (!chunk.isEmpty()) {
        node.submitAll(chunk);
      }
    }

    /** PostgreSQL: one INSERT ... SELECT of rows as the store writes them; else submits. */
    @Override
    public void storeInBulk(int jobs, Instant first) throws Exception {
      if (store != Store.POSTGRESQL) {
        SystemRun.super.storeInBulk(jobs, first);
        return;
      }
      try (Connection c = settings.postgres().connect();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO "
                      + schema
                      + "."
                      + JdbcJobStore.DEFAULT_PREFIX
                      + "jobs (id, account, name, handler, status, scheduled_for, run_at,"
                      + " created_at, updated_at, attempts, released, max_retries,"
                      + " timeout_seconds, delivery_type) SELECT gen_random_uuid(), 'default',"
                      + " 'bench', ?, 'pending', t, t, now(), now(), 0, 0, 3, 30, 'pull' FROM"
                      + " (SELECT ? + i * interval '1 microsecond' AS t"
                      + " FROM generate_series(0, ? - 1) AS i) due")) {
        ps.setString(1, HANDLER);
        ps.setObject(2, first.atOffset(ZoneOffset.UTC));
        ps.setInt(3, jobs);
        ps.executeUpdate();
      }
    }

    /**
     * The JDBC stores: one INSERT ... SELECT of jobs as the store writes them (nine in ten
     * completed an hour or more ago, one in ten due for handler {@code seeded-other}, which no node
     * runs), then one of the completed jobs' executions; on PostgreSQL then VACUUM (ANALYZE) and a
     * CHECKPOINT, as autovacuum and time would. The in-memory and MariaDB stores are not seeded.
     */
    @Override
    public boolean seed(int rows) throws Exception {
      if (store == Store.MEMORY || store == Store.MARIADB) {
        return false;
      }
      boolean pg = store == Store.POSTGRESQL;
      String tables = (pg ? schema + "." : "") + JdbcJobStore.DEFAULT_PREFIX;
      String series =
          pg
              ? "SELECT i, now() - interval '1 hour' - i * interval '1 millisecond' AS t"
                  + " FROM generate_series(1, ?) AS i"
              : "SELECT X AS i, DATEADD('MILLISECOND', -X, DATEADD('HOUR', -1, CURRENT_TIMESTAMP))"
                  + " AS t FROM SYSTEM_RANGE(1, ?)";
      String uuid = pg ? "gen_random_uuid()" : "RANDOM_UUID()";
      String jobs =
          "INSERT INTO "
              + tables
              + "jobs (id, account, name, handler, status, scheduled_for, run_at, created_at,"
              + " updated_at, attempts, released, max_retries, timeout_seconds, delivery_type)"
              + " SELECT "
              + uuid
              + ", 'default', 'seeded', 'seeded-other',"
              + " CASE WHEN MOD(i, 10) = 0 THEN 'pending' ELSE 'completed' END, t, t, t, t,"
              + " CASE WHEN MOD(i, 10) = 0 THEN 0 ELSE 1 END, 0, 3, 30, 'pull' FROM ("
              + series
              + ") s";
      String executions =
          "INSERT INTO "
              + tables
              + "executions (id, job_id, attempt, trigger_type, status, started_at, finished_at,"
              + " lease_expires_at, node) SELECT "
              + uuid
              + ", id, 1, 'submit', 'completed', created_at, updated_at, created_at, 'seeded'"
              + " FROM "
              + tables
              + "jobs WHERE handler = 'seeded-other' AND status = 'completed'";
      try (Connection c =
              pg
                  ? settings.postgres().connect()
                  : DriverManager.getConnection(
                      "jdbc:h2:file:"
                          + h2.dir().toAbsolutePath().resolve("chronos")
                          + ";DB_CLOSE_ON_EXIT=FALSE",
                      "sa",
                      "");
          PreparedStatement insertJobs = c.prepareStatement(jobs);
          Statement st = c.createStatement()) {
        insertJobs.setInt(1, rows);
        insertJobs.executeUpdate();
        st.executeUpdate(executions);
        if (pg) {
          // As a long-lived table is: vacuumed (visibility map, hint bits) and analyzed, with the
          // seed's WAL checkpointed, so that the measured run does not pay for the seeding.
          c.setAutoCommit(true);
          st.execute("VACUUM (ANALYZE) " + tables + "jobs");
          st.execute("VACUUM (ANALYZE) " + tables + "executions");
          try {
            st.execute("CHECKPOINT");
          } catch (java.sql.SQLException e) {
            // Only a superuser may; the run then shares the disk with the checkpoint.
          }
        }
      }
      return true;
    }

    @Override
    public void start() {
      started = true;
      nodeList.forEach(Chronos::start);
    }

    @Override
    public void awaitCompletionsStored(Duration timeout) throws Exception {
      counts.await(timeout);
    }

    @Override
    public KeyedSubmitter keyed() {
      Chronos node = nodeList.get(0);
      return new KeyedSubmitter() {
        @Override
        public void submit(String key, Instant due) {
          node.submit(request(due, Instant.now()).idempotencyKey(key).build());
        }

        @Override
        public void submitBatch(List<String> keys, Instant due) {
          Instant now = Instant.now();
          List<JobRequest> requests = new ArrayList<>(keys.size());
          for (String key : keys) {
            requests.add(request(due, now).idempotencyKey(key).build());
          }
          node.submitAll(requests);
        }
      };
    }

    @Override
    public void close() throws Exception {
      nodeList.forEach(Chronos::close);
      if (submitter != null) {
        submitter.close();
      }
      if (h2 != null) {
        h2.delete();
      }
      if (schema != null) {
        server.dropSchema(schema);
      }
    }
  }
}
