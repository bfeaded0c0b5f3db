package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.BackoffPolicy;
import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.StoreUnavailableException;
import dev.chronos.jdbc.internal.Migrations;
import dev.chronos.jdbc.internal.Sql;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stops the machine's PostgreSQL cluster ({@code pg_ctlcluster ... stop -m fast}) under a running
 * node and starts it again: nothing accepted is lost, nothing is half-stored, and the node recovers
 * without a restart. Tagged {@code outage}; skipped when {@code CHRONOS_SKIP_OUTAGE=true} or when
 * {@code pg_ctlcluster} is not available (which fails the test in CI instead). Whatever happens,
 * the database is started again before the test ends.
 */
@Tag("outage")
class DatabaseOutageTest {
  private static final Path CLUSTERS = Path.of("/etc/postgresql");
  private static final String DURING_OUTAGE_KEY = "submitted-during-the-outage";

  private final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final CountDownLatch blockingStarted = new CountDownLatch(1);
  private final CountDownLatch releaseBlocking = new CountDownLatch(1);
  private String version;
  private String prefix;
  private Chronos node;

  @BeforeEach
  void requirePgCtlCluster() {
    Assumptions.assumeFalse(
        "true".equalsIgnoreCase(System.getenv("CHRONOS_SKIP_OUTAGE")), "CHRONOS_SKIP_OUTAGE=true");
    String problem = pgCtlClusterProblem();
    if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("The outage test must run in CI: " + problem);
    }
    Assumptions.assumeTrue(problem == null, () -> problem);
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
  }

  @AfterEach
  void closeNodeAndDropTables() throws Exception {
    try {
      releaseBlocking.countDown();
      if (node != null) {
        node.close();
      }
    } finally {
      startDatabaseIfDown();
      if (prefix != null) {
        try (HikariDataSource pool = PostgresDatabase.pool(2)) {
          Jdbi.create(pool).useHandle(h -> Migrations.drop(h, new Sql(Dialect.POSTGRESQL, prefix)));
        }
      }
    }
  }

  @Test
  void accepted_jobs_survive_a_database_outage_and_the_node_recovers_without_restart()
      throws Exception {
    node =
        Chronos.builder()
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                    .tablePrefix(prefix)
                    .maxPoolSize(4)
                    .connectionTimeout(Duration.ofSeconds(1))
                    .build())
            .handler("work", ctx -> work(ctx.jobId(), ctx.payload() != null))
            .pollInterval(Duration.ofMillis(200))
            .lookahead(Duration.ofSeconds(5))
            .backoff(BackoffPolicy.fixed(Duration.ofMillis(200)))
            .build()
            .start();
    List<Job> accepted = new ArrayList<>();

    // Before the outage: the node runs jobs.
    List<Job> early = node.submitAll(requests("before the outage", 5, b -> b));
    accepted.addAll(early);
    await("jobs before the outage complete")
        .atMost(Duration.ofSeconds(30))
        .until(() -> early.stream().allMatch(j -> status(j) == JobStatus.COMPLETED));

    // One job still running when the database stops: its outcome must wait for the database.
    Job blocking =
        node.submit(
            JobRequest.builder()
                .name("runs across the start of the outage")
                .handler("work")
                .payload(Map.of("block", true))
                .timeoutSeconds(120)
                .build());
    accepted.add(blocking);
    await("the blocking job starts")
        .atMost(Duration.ofSeconds(30))
        .until(() -> blockingStarted.getCount() == 0);

    // Due during the outage: the first ones are inside the 5 s look-ahead, so the node queues
    // them in memory at once; the later ones only the feeder can find, once the database is back.
    Instant submittedAt = Instant.now();
    List<Job> dueDuringOutage = new ArrayList<>();
    dueDuringOutage.addAll(
        node.submitAll(requests("due in 3 s", 3, b -> b.delay(3, DelayUnit.SECOND))));
    dueDuringOutage.addAll(
        node.submitAll(requests("due in 8 s", 3, b -> b.scheduledFor(submittedAt.plusSeconds(8)))));
    accepted.addAll(dueDuringOutage);
    Instant lastDue = accepted.stream().map(Job::runAt).max(Instant::compareTo).orElseThrow();

    Instant upAt;
    Thread restartOnExit = new Thread(this::startDatabaseIfDown, "restart-postgresql");
    Runtime.getRuntime().addShutdownHook(restartOnExit);
    try {
      pgCtlCluster("stop", "-m", "fast");
      assertThat(pgIsReady()).as("PostgreSQL is down").isFalse();

      assertThatThrownBy(
              () ->
                  node.submit(
                      JobRequest.builder()
                          .name("submitted during the outage")
                          .handler("work")
                          .idempotencyKey(DURING_OUTAGE_KEY)
                          .build()))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> node.submitAll(requests("submitted during the outage", 2, b -> b)))
          .isInstanceOf(StoreUnavailableException.class);

      releaseBlocking.countDown(); // the blocking job ends while its outcome cannot be stored
      await("every accepted job falls due while the database is down")
          .atMost(Duration.ofSeconds(30))
          .until(() -> Instant.now().isAfter(lastDue.plusSeconds(1)));
      assertThat(runs)
          .doesNotContainKeys(dueDuringOutage.stream().map(Job::id).toArray(UUID[]::new));
    } finally {
      startDatabaseIfDown();
      upAt = Instant.now();
      Runtime.getRuntime().removeShutdownHook(restartOnExit);
    }

    await("every accepted job completes after the outage")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(StoreUnavailableException.class)
        .until(() -> accepted.stream().allMatch(j -> status(j) == JobStatus.COMPLETED));
    System.out.printf(
        "All accepted jobs completed %d ms after PostgreSQL accepted connections again%n",
        Duration.between(upAt, Instant.now()).toMillis());

    for (Job job : accepted) {
      List<Execution> executions = node.executions(job.id());
      assertThat(executions).as("executions of %s", job.name()).hasSize(1);
      assertThat(executions.get(0).status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(runs.get(job.id())).as("runs of %s", job.name()).hasValue(1);
    }
    // Nothing of the failed submits was stored: only the accepted jobs exist, and the key the
    // failed submit carried is free.
    assertThat(node.jobs(JobQuery.builder().size(100).build()).items())
        .extracting(Job::id)
        .containsExactlyInAnyOrderElementsOf(accepted.stream().map(Job::id).toList());
    Job after =
        node.submit(
            JobRequest.builder()
                .name("submitted after the outage")
                .handler("work")
                .idempotencyKey(DURING_OUTAGE_KEY)
                .build());
    await("a job submitted after the outage completes")
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(after) == JobStatus.COMPLETED);
  }

  /** The handler: a job with a payload blocks until released; every run is counted. */
  private Object work(UUID jobId, boolean block) throws InterruptedException {
    if (block) {
      blockingStarted.countDown();
      releaseBlocking.await(60, TimeUnit.SECONDS);
    }
    runs.computeIfAbsent(jobId, id -> new AtomicInteger()).incrementAndGet();
    return Map.of("done", true);
  }

  private static List<JobRequest> requests(
      String name, int n, UnaryOperator<JobRequest.Builder> timing) {
    return IntStream.range(0, n)
        .mapToObj(
            i -> timing.apply(JobRequest.builder().name(name + " #" + i).handler("work")).build())
        .toList();
  }

  private JobStatus status(Job job) {
    return node.job(job.id()).orElseThrow().status();
  }

  // ---- the database server ----------------------------------------------------------------------

  /** Why the cluster cannot be stopped and started here, or null if it can. */
  private String pgCtlClusterProblem() {
    boolean onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, "pg_ctlcluster")));
    if (!onPath) {
      return "pg_ctlcluster is not on the PATH";
    }
    if (!PostgresDatabase.URL.contains("//127.0.0.1:")
        && !PostgresDatabase.URL.contains("//localhost:")) {
      return "PostgreSQL at " + PostgresDatabase.URL + " is not this machine's cluster";
    }
    try (Stream<Path> versions = Files.list(CLUSTERS)) {
      List<String> names = versions.map(p -> p.getFileName().toString()).toList();
      if (names.size() != 1) {
        return "expected one PostgreSQL version in " + CLUSTERS + ", found " + names;
      }
      version = names.get(0);
      return null;
    } catch (IOException e) {
      return "cannot list " + CLUSTERS + ": " + e;
    }
  }

  /** Starts the cluster unless it answers, and waits until it accepts connections. */
  private void startDatabaseIfDown() {
    if (version == null || pgIsReady()) {
      return;
    }
    try {
      pgCtlCluster("start");
    } catch (RuntimeException e) {
      // Maybe it was starting already; the wait below decides.
      System.err.println("Starting PostgreSQL: " + e.getMessage());
    }
    await("PostgreSQL accepts connections")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(DatabaseOutageTest::pgIsReady);
  }

  private void pgCtlCluster(String... action) {
    List<String> command =
        new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main"));
    command.addAll(List.of(action));
    Result r = run(command);
    if (r.exitCode != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited with " + r.exitCode + ": " + r.output);
    }
  }

  private static boolean pgIsReady() {
    return run(List.of("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-t", "2")).exitCode == 0;
  }

  private record Result(int exitCode, String output) {}

  /**
   * Runs a command with its output in a file, not a pipe: {@code pg_ctlcluster start} leaves the
   * server running, and a server holding our pipe open would make reading it hang.
   */
  private static Result run(List<String> command) {
    Path output = null;
    try {
      output = Files.createTempFile("chronos-outage", ".log");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + Files.readString(output));
      }
      return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }
}
