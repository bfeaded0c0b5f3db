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
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;

/**
 * The rig of a chaos test: Chronos nodes in JVMs of their own ({@link ChaosNodeMain}) on the tables
 * of a fresh prefix in a {@link ChaosDatabase} (the {@link PrivatePostgresCluster} or the {@link
 * PrivateMariaDb}), and a client node in the test JVM (no handlers, not started) that submits and
 * reads. {@link #close()} kills what is left of the nodes, prints their logs and drops the tables.
 * Not thread-safe, except {@link #runs()} and the client.
 */
final class ChaosNodes implements AutoCloseable {
  private final Path dir;
  private final ChaosDatabase database;
  private final String prefix = PostgresDatabase.uniquePrefix();
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final HikariDataSource pool;
  private final Chronos client;

  /** Starts the private server if needed and creates the tables; node files go to {@code dir}. */
  ChaosNodes(Path dir, ChaosDatabase database) {
    database.require();
    this.dir = dir;
    this.database = database;
    this.pool = database.pool(2);
    // Fails fast while the database is down, so that submits during an outage answer quickly.
    this.client =
        Chronos.builder()
            .store(
                database
                    .store(prefix)
                    .maxPoolSize(2)
                    .connectionTimeout(Duration.ofSeconds(1))
                    .build())
            .build();
  }

  /** The client node: submits and reads, runs nothing. */
  Chronos client() {
    return client;
  }

  /** SQL on the rig's database, for what the client's API does not show. */
  Jdbi jdbi() {
    return Jdbi.create(pool);
  }

  /** The rig's table prefix. */
  String prefix() {
    return prefix;
  }

  /** Starts a node in a new JVM; {@link #awaitReady} waits until it runs. */
  Node start(String nodeId, int workerThreads, Duration shutdownTimeout) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire may run tests from a manifest-only jar; this property holds the real class path.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve(nodeId + ".log");
    Path runLog = dir.resolve(nodeId + ".runs");
    List<String> command =
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            "-cp",
            classPath,
            ChaosNodeMain.class.getName(),
            database.url(),
            database.user(),
            database.password(),
            prefix,
            nodeId,
            runLog.toString(),
            Integer.toString(workerThreads),
            Long.toString(shutdownTimeout.toMillis()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    Node node = new Node(nodeId, process, log, runLog);
    nodes.put(nodeId, node);
    return node;
  }

  /** Waits until each node printed {@code READY}; fails at once if one exits. */
  void awaitReady(Node... waitFor) {
    await("nodes " + Arrays.stream(waitFor).map(Node::id).toList() + " ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .failFast("a node exited", () -> Arrays.stream(waitFor).anyMatch(n -> !n.isAlive()))
        .until(() -> Arrays.stream(waitFor).allMatch(Node::ready));
  }

  /** Every node's side effects so far, in the order of the nodes and then of their lines. */
  List<Run> runs() {
    List<Run> all = new ArrayList<>();
    for (Node node : List.copyOf(nodes.values())) {
      all.addAll(node.runs());
    }
    return all;
  }

  /** {@code n} requests for the suite's handler, each working {@code hold} once started. */
  static List<JobRequest> requests(String name, int n, Duration hold, Duration timeout) {
    return IntStream.range(0, n).mapToObj(i -> request(name + " #" + i, hold, timeout)).toList();
  }

  /** A request for the suite's handler, to be completed with timing or a key. */
  static JobRequest request(String name, Duration hold, Duration timeout) {
    return builder(name, hold, timeout).build();
  }

  /** A request builder for the suite's handler. */
  static JobRequest.Builder builder(String name, Duration hold, Duration timeout) {
    return JobRequest.builder()
        .name(name)
        .handler(ChaosNodeMain.HANDLER)
        .payload(Map.of("hold_ms", hold.toMillis()))
        .timeoutSeconds(timeout.toSeconds())
        .maxRetries(3);
  }

  /** How many jobs of the rig are completed. */
  long completed() {
    return client.jobs(JobQuery.builder().statuses(JobStatus.COMPLETED).size(1).build()).total();
  }

  /** How many completed executions of a node the store holds. */
  long completedOn(Node node) {
    return jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM "
                            + prefix
                            + "executions WHERE node = :node AND status = 'completed'")
                    .bind("node", node.id())
                    .mapTo(Long.class)
                    .one());
  }

  /** Waits until every job of the list is completed; fails at once if a node given exits. */
  void awaitCompleted(List<Job> jobs, Duration atMost, Node... mustLive) {
    await("all " + jobs.size() + " jobs completed")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .failFast("a node exited", () -> Arrays.stream(mustLive).anyMatch(n -> !n.isAlive()))
        .until(() -> completed() == jobs.size());
  }

  /**
   * Checks that every job completed exactly once, from the store (one {@code COMPLETED} execution,
   * on the node that ran it) and from the handlers' side effects (one {@code END} line on that
   * execution), and counts it all. An {@code END} on an execution the store did not complete is
   * work done twice; it is allowed only where {@code repeatAllowed} says so (an attempt that
   * finished on a node killed before it could record that), and counted.
   */
  Tally assertEveryJobCompletedOnce(List<Job> jobs, Predicate<Execution> repeatAllowed) {
    Map<UUID, List<Run>> runsByExecution = new LinkedHashMap<>();
    for (Run run : runs()) {
      runsByExecution.computeIfAbsent(run.executionId(), id -> new ArrayList<>()).add(run);
    }
    int executions = 0;
    int completedExecutions = 0;
    int repeated = 0;
    int duplicates = 0;
    Map<UUID, List<Execution>> byJob = new LinkedHashMap<>();
    for (Job submitted : jobs) {
      Job job = client.job(submitted.id()).orElseThrow();
      List<Execution> history = client.executions(job.id());
      byJob.put(job.id(), history);
      executions += history.size();
      assertThat(job.status()).as("status of %s", job.name()).isEqualTo(JobStatus.COMPLETED);
      List<Execution> done =
          history.stream().filter(e -> e.status() == ExecutionStatus.COMPLETED).toList();
      completedExecutions += done.size();
      if (done.size() != 1) {
        duplicates++;
      }
      assertThat(done).as("completed executions of %s: %s", job.name(), history).hasSize(1);
      Execution completed = done.get(0);
      List<Run> credited = ends(runsByExecution.get(completed.id()));
      assertThat(credited)
          .as("the handler's END of the completed execution of %s", job.name())
          .hasSize(1)
          .allSatisfy(r -> assertThat(r.node()).isEqualTo(completed.node()));
      for (Execution other : history) {
        if (other.id().equals(completed.id())) {
          continue;
        }
        List<Run> ends = ends(runsByExecution.get(other.id()));
        if (!ends.isEmpty()) {
          repeated++;
          assertThat(repeatAllowed.test(other))
              .as(
                  "%s's work was done again: attempt %s (%s, %s on %s) finished in the handler",
                  job.name(), other.attempt(), other.status(), other.error(), other.node())
              .isTrue();
        }
      }
    }
    // Every side effect belongs to an execution the store knows, of one of these jobs.
    List<UUID> known = byJob.values().stream().flatMap(List::stream).map(Execution::id).toList();
    assertThat(runsByExecution.keySet()).as("executions the handlers ran").isSubsetOf(known);
    int starts = (int) runs().stream().filter(r -> r.event().equals("START")).count();
    return new Tally(
        jobs.size(), executions, starts, completedExecutions, duplicates, repeated, byJob);
  }

  private static List<Run> ends(List<Run> runs) {
    return runs == null ? List.of() : runs.stream().filter(r -> r.event().equals("END")).toList();
  }

  /**
   * Kills every node still running, prints each node's log, closes the client, drops the tables.
   */
  @Override
  public void close() {
    try {
      for (Node node : nodes.values()) {
        node.process.destroyForcibly();
      }
      for (Node node : nodes.values()) {
        try {
          node.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        System.out.println("---- log of " + node.id + " ----\n" + node.log());
      }
    } finally {
      try {
        client.close();
        pool.close();
      } finally {
        database.drop(prefix);
      }
    }
  }

  /** What every job's history and side effects add up to. */
  record Tally(
      int jobs,
      int executions,
      int handlerStarts,
      int completedExecutions,
      int jobsCompletedTwice,
      int repeatedWork,
      Map<UUID, List<Execution>> executionsByJob) {
    /** The summary line's common part. */
    String figures() {
      return String.format(
          "jobs=%d executions=%d handler_runs=%d completed_executions=%d duplicates=%d"
              + " repeated_work=%d",
          jobs, executions, handlerStarts, completedExecutions, jobsCompletedTwice, repeatedWork);
    }
  }

  /**
   * One line of a node's run log: the handler started ({@code START}), finished ({@code END}) or
   * was interrupted ({@code INTERRUPTED}) an attempt.
   */
  record Run(String event, Instant at, UUID jobId, UUID executionId, int attempt, String node) {
    static Optional<Run> parse(String line) {
      String[] f = line.split(" ");
      if (f.length != 6) {
        return Optional.empty(); // cannot happen: each line is written in one append
      }
      return Optional.of(
          new Run(
              f[0],
              Instant.ofEpochMilli(Long.parseLong(f[1])),
              UUID.fromString(f[2]),
              UUID.fromString(f[3]),
              Integer.parseInt(f[4]),
              f[5]));
    }
  }

  /** One node's JVM. */
  static final class Node {
    private static final Pattern CLOSED = Pattern.compile("^CLOSED (\\d+)$", Pattern.MULTILINE);

    private final String id;
    private final Process process;
    private final Path log;
    private final Path runLog;

    private Node(String id, Process process, Path log, Path runLog) {
      this.id = id;
      this.process = process;
      this.log = log;
      this.runLog = runLog;
    }

    String id() {
      return id;
    }

    boolean isAlive() {
      return process.isAlive();
    }

    boolean ready() {
      return log().contains("READY " + id);
    }

    /** Kills the JVM with SIGKILL ({@code kill -9}) and waits until it is gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("%s is dead", id).isTrue();
    }

    /** Tells the node to close gracefully ({@link Chronos#close()}) and then exit. */
    void close() throws IOException {
      OutputStream in = process.getOutputStream();
      in.write("close\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    /** Waits until the JVM exited and returns its exit code. */
    int awaitExit(Duration atMost) throws InterruptedException {
      assertThat(process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS))
          .as("%s exited within %s", id, atMost)
          .isTrue();
      return process.exitValue();
    }

    /** How long the node's {@code close()} took, once it printed it. */
    Optional<Long> closeMillis() {
      Matcher m = CLOSED.matcher(log());
      return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** The node's standard output and error so far. */
    String log() {
      return read(log);
    }

    /** The node's side effects so far. */
    List<Run> runs() {
      return read(runLog).lines().map(Run::parse).flatMap(Optional::stream).toList();
    }

    /** Attempts started here whose handler has neither finished nor been interrupted. */
    long inProgress() {
      Map<UUID, Integer> open = new LinkedHashMap<>();
      for (Run run : runs()) {
        open.merge(run.executionId(), run.event().equals("START") ? 1 : -1, Integer::sum);
      }
      return open.values().stream().filter(n -> n > 0).count();
    }

    /** How many lines of this event the node wrote. */
    long count(String event) {
      return runs().stream().filter(r -> r.event().equals(event)).count();
    }

    private static String read(Path file) {
      try {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }
  }
}
