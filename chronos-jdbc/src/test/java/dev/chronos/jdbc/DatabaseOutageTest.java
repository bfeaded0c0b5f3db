package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stops the chaos suite's own PostgreSQL cluster ({@link PrivatePostgresCluster}, never the shared
 * server; {@link PrivateMariaDb} in the {@code MariaDb} subclass) under a running node and starts
 * it again: nothing accepted is lost, nothing is half-stored, and the node recovers without a
 * restart. Tagged {@code chaos}, so it runs only when asked (as {@code .ci/run} does). Whatever
 * happens, the cluster is started again before the test ends.
 */
@Tag("chaos")
class DatabaseOutageTest {
  private static final String DURING_OUTAGE_KEY = "submitted-during-the-outage";

  private final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final CountDownLatch blockingStarted = new CountDownLatch(1);
  private final CountDownLatch releaseBlocking = new CountDownLatch(1);
  private String prefix;
  private Chronos node;

  /** The server the test runs on; the {@code MariaDb} subclass answers MariaDB. */
  ChaosDatabase database() {
    return PrivatePostgresCluster.DATABASE;
  }

  @BeforeEach
  void requireCluster() {
    database().require();
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
      if (prefix != null) {
        database().drop(prefix);
      }
    }
  }

  @Test
  void accepted_jobs_survive_a_database_outage_and_the_node_recovers_without_restart()
      throws Exception {
    node =
        Chronos.builder()
            .store(
                database()
                    .store(prefix)
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
    try {
      database().stop();

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
      database().start();
      upAt = Instant.now();
    }

    await("every accepted job completes after the outage")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(StoreUnavailableException.class)
        .until(() -> accepted.stream().allMatch(j -> status(j) == JobStatus.COMPLETED));
    System.out.printf(
        "CHAOS %s outage under one node: all accepted jobs completed %d ms after the database"
            + " accepted connections again%n",
        database().name(), Duration.between(upAt, Instant.now()).toMillis());

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
}
