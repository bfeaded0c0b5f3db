package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.Chronos;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.jdbc.internal.Migrations;
import dev.chronos.jdbc.internal.Sql;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes in three JVMs ({@link ClusterNodeMain}) on one PostgreSQL database; one is killed
 * with SIGKILL while it runs jobs. The survivors' handler works 500 ms, well inside the 5 s job
 * timeout; the victim's works until it dies, so its jobs can only come back through the rescue of
 * their expired leases (timeout + 1 s grace after their claim).
 */
class ProcessClusterTest {
  private static final int JOBS = 40;
  private static final String VICTIM = "node-1";
  private static final List<String> SURVIVORS = List.of("node-2", "node-3");

  @TempDir Path logDir;

  private final Map<String, Process> nodes = new LinkedHashMap<>();
  private HikariDataSource pool;
  private String prefix;
  private Chronos client;

  @BeforeEach
  void createTables() {
    PostgresDatabase.require();
    pool = PostgresDatabase.pool(2);
    prefix = PostgresDatabase.uniquePrefix();
    // A node without handlers: it submits and reads, and its store creates the schema.
    client =
        Chronos.builder()
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                    .tablePrefix(prefix)
                    .maxPoolSize(2)
                    .build())
            .build();
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    "CREATE TABLE "
                        + prefix
                        + "runs (execution_id uuid PRIMARY KEY, job_id uuid NOT NULL,"
                        + " node varchar(255) NOT NULL, attempt integer NOT NULL,"
                        + " started_at timestamptz NOT NULL, finished_at timestamptz)"));
  }

  @AfterEach
  void stopNodesAndDropTables() throws Exception {
    try {
      for (Process p : nodes.values()) {
        p.destroyForcibly();
      }
      for (Map.Entry<String, Process> node : nodes.entrySet()) {
        node.getValue().waitFor(10, TimeUnit.SECONDS);
        System.out.println("---- log of " + node.getKey() + " ----\n" + log(node.getKey()));
      }
    } finally {
      if (client != null) {
        client.close();
      }
      if (prefix != null) {
        jdbi()
            .useHandle(
                h -> {
                  h.execute("DROP TABLE IF EXISTS " + prefix + "runs");
                  Migrations.drop(h, new Sql(Dialect.POSTGRESQL, prefix));
                });
      }
      if (pool != null) {
        pool.close();
      }
    }
  }

  @Test
  void jobs_of_a_killed_node_run_again_on_the_survivors_after_their_lease_ends() throws Exception {
    Process victim = startNode(VICTIM, Duration.ofMinutes(10));
    for (String survivor : SURVIVORS) {
      startNode(survivor, Duration.ofMillis(500));
    }
    await("all nodes ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .failFast("a node exited", () -> nodes.values().stream().anyMatch(p -> !p.isAlive()))
        .until(() -> nodes.keySet().stream().allMatch(n -> log(n).contains("READY " + n)));

    List<Job> jobs =
        client.submitAll(
            IntStream.range(0, JOBS)
                .mapToObj(
                    i ->
                        JobRequest.builder()
                            .name("long job " + i)
                            .handler("long")
                            .timeoutSeconds(ClusterNodeMain.JOB_TIMEOUT.toSeconds())
                            .maxRetries(3)
                            .build())
                .toList());

    await("the victim runs some jobs")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .failFast(
            "the survivors ran every job before the victim started one",
            () -> completedJobs() == JOBS)
        .until(() -> startsOn(VICTIM) > 0);
    victim.destroyForcibly();
    assertThat(victim.waitFor(10, TimeUnit.SECONDS)).as("victim is dead").isTrue();

    // The victim is dead, so the jobs it claimed are final now.
    Set<UUID> held =
        new HashSet<>(
            jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT job_id FROM " + prefix + "executions WHERE node = :node")
                            .bind("node", VICTIM)
                            .mapTo(UUID.class)
                            .list()));
    assertThat(held).isNotEmpty();

    await("every job completed")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .failFast(
            "a survivor exited", () -> SURVIVORS.stream().anyMatch(n -> !nodes.get(n).isAlive()))
        .until(() -> completedJobs() == JOBS);

    for (Job submitted : jobs) {
      Job job = client.job(submitted.id()).orElseThrow();
      List<Execution> executions = client.executions(job.id());
      assertThat(job.status()).as("job %s", job.id()).isEqualTo(JobStatus.COMPLETED);
      assertThat(executions)
          .as("completed executions of job %s", job.id())
          .filteredOn(e -> e.status() == ExecutionStatus.COMPLETED)
          .hasSize(1)
          .allSatisfy(e -> assertThat(e.node()).isIn(SURVIVORS));
      if (held.contains(job.id())) {
        assertThat(job.attempts()).as("attempts of rescued job %s", job.id()).isEqualTo(2);
        assertThat(executions).hasSize(2);
        Execution first = executions.get(0);
        Execution second = executions.get(1);
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.node()).isEqualTo(VICTIM);
        assertThat(first.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(first.error())
            .as("ended by a rescue after the victim died, not by the victim's own timeout")
            .startsWith("lease expired");
        assertThat(first.finishedAt()).isAfter(first.leaseExpiresAt());
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(second.startedAt()).isAfter(first.leaseExpiresAt());
      } else {
        assertThat(job.attempts()).as("attempts of job %s", job.id()).isEqualTo(1);
        assertThat(executions).hasSize(1);
      }
    }

    // The handler's own record: every job's work finished exactly once, on a survivor.
    Map<UUID, Integer> finishedRuns = new LinkedHashMap<>();
    jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT job_id, count(*) AS n FROM "
                            + prefix
                            + "runs WHERE finished_at IS NOT NULL GROUP BY job_id")
                    .map(
                        (rs, ctx) ->
                            finishedRuns.put(rs.getObject("job_id", UUID.class), rs.getInt("n")))
                    .list());
    assertThat(finishedRuns).hasSize(JOBS).allSatisfy((job, n) -> assertThat(n).isEqualTo(1));
    assertThat(startsOn(VICTIM)).isLessThanOrEqualTo(held.size());
  }

  private Process startNode(String nodeId, Duration hold) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire may run tests from a manifest-only jar; this property holds the real class path.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp",
                classPath,
                ClusterNodeMain.class.getName(),
                prefix,
                nodeId,
                Long.toString(hold.toMillis())));
    File log = logDir.resolve(nodeId + ".log").toFile();
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log))
            .start();
    nodes.put(nodeId, p);
    return p;
  }

  private String log(String nodeId) {
    try {
      Path file = logDir.resolve(nodeId + ".log");
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private int startsOn(String nodeId) {
    return jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM " + prefix + "runs WHERE node = :node")
                    .bind("node", nodeId)
                    .mapTo(Integer.class)
                    .one());
  }

  private long completedJobs() {
    return client.jobs(JobQuery.builder().statuses(JobStatus.COMPLETED).size(1).build()).total();
  }

  private Jdbi jdbi() {
    return Jdbi.create(pool);
  }
}
