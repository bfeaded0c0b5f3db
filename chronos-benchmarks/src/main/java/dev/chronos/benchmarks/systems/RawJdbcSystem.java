package dev.chronos.benchmarks.systems;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's physical baseline on PostgreSQL: the least a durable queue must do. One narrow
 * table; {@code threads} loops, each with its own connection, claim up to {@value #BATCH} due rows
 * in one statement ({@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING}),
 * run the no-op jobs inline, and mark them done in one statement. No execution history, no leases,
 * no JSON. An idle loop sleeps {@value #IDLE_MILLIS} ms, which bounds its punctuality.
 *
 * <p>Threads: {@code raw-claimer-N}, started by {@link SystemRun#start()} and stopped by close.
 */
public final class RawJdbcSystem implements BenchmarkedSystem {
  private static final Logger log = LoggerFactory.getLogger(RawJdbcSystem.class);
  static final int BATCH = 100;
  static final int IDLE_MILLIS = 10;

  private static final String CLAIM =
      "UPDATE raw_jobs j SET status = 1 FROM (SELECT id FROM raw_jobs WHERE status = 0 AND run_at"
          + " <= ? ORDER BY run_at LIMIT ? FOR UPDATE SKIP LOCKED) due WHERE j.id = due.id"
          + " RETURNING j.id, j.run_at";
  private static final String COMPLETE = "UPDATE raw_jobs SET status = 2 WHERE id = ANY (?)";
  private static final String INSERT =
      "INSERT INTO raw_jobs (idempotency_key, run_at, status) VALUES (?, ?, 0)";

  @Override
  public String name() {
    return "raw-jdbc-pg";
  }

  @Override
  public String describe() {
    return "raw JDBC loop on PostgreSQL (baseline): claim "
        + BATCH
        + " with FOR UPDATE SKIP LOCKED, complete in one UPDATE, idle poll "
        + IDLE_MILLIS
        + " ms";
  }

  @Override
  public boolean needsPostgres() {
    return true;
  }

  @Override
  public boolean measuresSubmits() {
    return true;
  }

  @Override
  public SystemRun open(RunSettings settings, JobProbe probe) throws Exception {
    return new Run(settings, probe);
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private static final class Run implements SystemRun {
    private final RunSettings settings;
    private final JobProbe probe;
    private final String schema;
    private final HikariDataSource pool;
    private final Completions counts = new Completions();
    private final List<Thread> loops = new ArrayList<>();
    private volatile boolean running = true;

    Run(RunSettings settings, JobProbe probe) throws SQLException {
      this.settings = settings;
      this.probe = probe;
      this.schema = settings.postgres().createSchema();
      this.pool = settings.postgres().pool(schema, settings.poolSize());
      try (Connection c = pool.getConnection();
          Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE raw_jobs (id bigserial PRIMARY KEY, idempotency_key text,"
                + " run_at timestamptz NOT NULL, status smallint NOT NULL)");
        st.execute("CREATE UNIQUE INDEX raw_jobs_key ON raw_jobs (idempotency_key)");
        st.execute("CREATE INDEX raw_jobs_due ON raw_jobs (run_at) WHERE status = 0");
      }
    }

    @Override
    public void schedule(List<Instant> dueTimes) throws SQLException {
      insert(null, dueTimes);
    }

    private void insert(List<String> keys, List<Instant> dueTimes) throws SQLException {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
          for (int i = 0; i < dueTimes.size(); i++) {
            ps.setString(1, keys == null ? null : keys.get(i));
            ps.setObject(2, utc(dueTimes.get(i)));
            ps.addBatch();
            if (i % 1000 == 999) {
              ps.executeBatch();
            }
          }
          ps.executeBatch();
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }

    @Override
    public void start() {
      for (int i = 0; i < settings.threads(); i++) {
        Thread t = new Thread(this::claimLoop, "raw-claimer-" + i);
        t.setDaemon(true);
        t.start();
        loops.add(t);
      }
    }

    private void claimLoop() {
      while (running) {
        try (Connection c = pool.getConnection()) {
          c.setAutoCommit(false);
          while (running) {
            if (claimRunComplete(c) == 0) {
              Thread.sleep(IDLE_MILLIS);
            }
          }
        } catch (InterruptedException e) {
          return;
        } catch (SQLException | RuntimeException e) {
          if (running) {
            log.warn("raw claim loop failed; retrying", e);
            try {
              Thread.sleep(100);
            } catch (InterruptedException ie) {
              return;
            }
          }
        }
      }
    }

    private int claimRunComplete(Connection c) throws SQLException {
      List<Long> ids = new ArrayList<>(BATCH);
      List<Instant> dues = new ArrayList<>(BATCH);
      try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
        claim.setObject(1, utc(Instant.now()));
        claim.setInt(2, BATCH);
        try (ResultSet rs = claim.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
            dues.add(rs.getObject(2, OffsetDateTime.class).toInstant());
          }
        }
      }
      c.commit();
      if (ids.isEmpty()) {
        return 0;
      }
      for (Instant due : dues) {
        counts.ran.incrementAndGet();
        probe.ran(due);
      }
      try (PreparedStatement complete = c.prepareStatement(COMPLETE)) {
        Array array = c.createArrayOf("bigint", ids.toArray());
        complete.setArray(1, array);
        complete.executeUpdate();
      }
      c.commit();
      counts.completed.addAndGet(ids.size());
      return ids.size();
    }

    @Override
    public void awaitCompletionsStored(Duration timeout) throws Exception {
      counts.await(timeout);
    }

    @Override
    public KeyedSubmitter keyed() {
      return new KeyedSubmitter() {
        @Override
        public void submit(String key, Instant due) throws SQLException {
          try (Connection c = pool.getConnection();
              PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, key);
            ps.setObject(2, utc(due));
            ps.executeUpdate();
          }
        }

        @Override
        public void submitBatch(List<String> keys, Instant due) throws SQLException {
          insert(keys, Collections.nCopies(keys.size(), due));
        }
      };
    }

    @Override
    public void close() throws Exception {
      running = false;
      for (Thread t : loops) {
        t.join(5000);
      }
      pool.close();
      settings.postgres().dropSchema(schema);
    }
  }
}
