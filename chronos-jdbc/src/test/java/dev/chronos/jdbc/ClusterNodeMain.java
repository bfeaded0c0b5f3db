package dev.chronos.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.BackoffPolicy;
import dev.chronos.Chronos;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * One cluster node in its own JVM, for {@link ProcessClusterTest}: a {@link Chronos} on the
 * PostgreSQL tables of a prefix with one handler, {@code long}, that records each start in {@code
 * <prefix>runs}, works for {@code holdMillis} and then records its finish.
 *
 * <p>Arguments: {@code <tablePrefix> <nodeId> <holdMillis>}. Prints {@code READY <nodeId>} once the
 * node runs. Exits by itself when its standard input ends (the test JVM died or closed it), so a
 * crashed test run never leaves nodes behind.
 */
public final class ClusterNodeMain {
  /** The job timeout the test submits with; the node's settings are chosen around it. */
  static final Duration JOB_TIMEOUT = Duration.ofSeconds(5);

  /** How long a lease outlives the job's timeout. */
  static final Duration LEASE_GRACE = Duration.ofSeconds(1);

  private ClusterNodeMain() {}

  /** Runs a node until standard input ends. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ClusterNodeMain <tablePrefix> <nodeId> <holdMillis>");
      System.exit(2);
    }
    String prefix = args[0];
    String nodeId = args[1];
    long holdMillis = Long.parseLong(args[2]);

    HikariDataSource sidePool = PostgresDatabase.pool(2);
    String recordStart =
        "INSERT INTO "
            + prefix
            + "runs (job_id, execution_id, node, attempt, started_at) VALUES (?, ?, ?, ?, now())";
    String recordFinish =
        "UPDATE " + prefix + "runs SET finished_at = now() WHERE execution_id = ?";
    Chronos chronos =
        Chronos.builder()
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                    .tablePrefix(prefix)
                    .maxPoolSize(3)
                    .build())
            .nodeId(nodeId)
            .workerThreads(4)
            .pollInterval(Duration.ofMillis(200))
            .leaseGrace(LEASE_GRACE)
            .backoff(BackoffPolicy.fixed(Duration.ofMillis(200)))
            .shutdownTimeout(Duration.ZERO)
            .handler(
                "long",
                ctx -> {
                  update(
                      sidePool, recordStart, ctx.jobId(), ctx.executionId(), nodeId, ctx.attempt());
                  Thread.sleep(holdMillis); // the job's work
                  update(sidePool, recordFinish, ctx.executionId());
                  return Map.of("node", nodeId);
                })
            .build();
    chronos.start();
    System.out.println("READY " + nodeId);
    System.out.flush();

    waitForEndOfInput(System.in);
    chronos.close();
    sidePool.close();
    System.exit(0);
  }

  private static void update(HikariDataSource pool, String sql, Object... values)
      throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        st.setObject(i + 1, values[i]);
      }
      st.executeUpdate();
    }
  }

  private static void waitForEndOfInput(InputStream in) {
    try {
      while (in.read() >= 0) {
        // ignore input
      }
    } catch (IOException e) {
      // the pipe broke: the test JVM is gone
    }
  }
}
