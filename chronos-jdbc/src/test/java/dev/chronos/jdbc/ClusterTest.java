package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several nodes in one JVM on one database: nothing lost, nothing run twice. Each dialect's
 * subclass ({@code PostgresClusterTest}, {@code MariaDbClusterTest}) names its server and the
 * figures that differ.
 */
abstract class ClusterTest {
  private String prefix;
  private final List<Chronos> nodes = new ArrayList<>();

  /** The shared server the nodes work on. */
  abstract SharedDatabase server();

  /** How many jobs the three nodes share. */
  abstract int jobs();

  /** How many of them each node must have run, at least. */
  abstract int minimumPerNode();

  /**
   * How often the node with the handler polls in the cross-node test: with LISTEN/NOTIFY an hour
   * (only a notification can bring the job in time), without it the poll finds the job.
   */
  abstract Duration workerPoll();

  @BeforeEach
  void database() {
    server().require();
    prefix = SharedDatabase.uniquePrefix();
  }

  @AfterEach
  void stop() {
    nodes.forEach(Chronos::close);
    server().drop(prefix);
  }

  private Chronos node(
      String id, Duration pollInterval, Map<String, dev.chronos.JobHandler> handlers) {
    var builder =
        Chronos.builder()
            .nodeId(id)
            .store(server().store(prefix).maxPoolSize(6).build())
            .workerThreads(8)
            .pollInterval(pollInterval);
    handlers.forEach(builder::handler);
    Chronos node = builder.build().start();
    nodes.add(node);
    return node;
  }

  @Test
  void three_nodes_run_every_job_exactly_once_and_share_the_work() {
    Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();
    for (String id : List.of("node-a", "node-b", "node-c")) {
      AtomicInteger count = perNode.computeIfAbsent(id, k -> new AtomicInteger());
      node(id, Duration.ofMillis(200), Map.of("work", ctx -> count.incrementAndGet()));
    }
    Chronos submitter = node("submitter", Duration.ofSeconds(1), Map.of());

    Instant start = Instant.now();
    List<JobRequest> batch = new ArrayList<>();
    for (int i = 0; i < jobs(); i++) {
      JobRequest.Builder r = JobRequest.builder().name("job " + i).handler("work");
      if (i % 2 == 1) { // half due now, half spread over the next 2 * jobs() ms, never in the past
        Instant at = start.plusMillis(2L * i).plusSeconds(1);
        Instant soon = Instant.now().plusSeconds(5); // a loaded machine may take seconds per batch
        r.scheduledFor(at.isBefore(soon) ? soon : at);
      }
      batch.add(r.build());
      if (batch.size() == 500) {
        submitter.submitAll(batch);
        batch.clear();
      }
    }

    Jdbi jdbi = Jdbi.create(server().dataSource());
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                jdbi.withHandle(
                        h ->
                            h.createQuery(
                                    "SELECT COUNT(*) FROM "
                                        + prefix
                                        + "jobs WHERE status = 'completed'")
                                .mapTo(Long.class)
                                .one())
                    == jobs());

    long executions =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM " + prefix + "executions")
                    .mapTo(Long.class)
                    .one());
    long jobsNotRunOnce =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT COUNT(*) FROM (SELECT job_id FROM "
                            + prefix
                            + "executions WHERE status = 'completed' GROUP BY job_id"
                            + " HAVING COUNT(*) <> 1) twice")
                    .mapTo(Long.class)
                    .one());
    assertThat(executions).isEqualTo(jobs());
    assertThat(jobsNotRunOnce).isZero();
    assertThat(perNode.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(jobs());
    System.out.println(getClass().getSimpleName() + " jobs per node: " + perNode);
    assertThat(perNode.values())
        .as("jobs per node: %s", perNode)
        .allSatisfy(n -> assertThat(n.get()).isGreaterThanOrEqualTo(minimumPerNode()));
  }

  @Test
  void three_nodes_with_16_threads_each_racing_on_one_key_create_one_job() throws Exception {
    List<Chronos> racers =
        List.of(
            node("a", Duration.ofSeconds(1), Map.of()),
            node("b", Duration.ofSeconds(1), Map.of()),
            node("c", Duration.ofSeconds(1), Map.of()));
    ExecutorService pool = Executors.newFixedThreadPool(48);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();
    for (Chronos node : racers) {
      for (int t = 0; t < 16; t++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return node.submit(
                        JobRequest.builder()
                            .name("Charge invoice inv_789")
                            .handler("charge-invoice")
                            .idempotencyKey("charge-inv_789")
                            .build());
                  } catch (IdempotencyKeyConflictException e) {
                    return e;
                  }
                }));
      }
    }
    go.countDown();
    List<Job> created = new ArrayList<>();
    List<IdempotencyKeyConflictException> conflicts = new ArrayList<>();
    for (Future<Object> f : results) {
      Object r = f.get();
      if (r instanceof Job job) {
        created.add(job);
      } else {
        conflicts.add((IdempotencyKeyConflictException) r);
      }
    }
    pool.shutdown();

    assertThat(created).hasSize(1);
    assertThat(conflicts).hasSize(47);
    assertThat(conflicts)
        .allSatisfy(e -> assertThat(e.existingJobId()).isEqualTo(created.get(0).id()));
  }

  @Test
  void a_job_submitted_on_one_node_is_started_by_the_node_with_its_handler() {
    AtomicInteger ran = new AtomicInteger();
    node("worker", workerPoll(), Map.of("b-only", ctx -> ran.incrementAndGet()));
    Chronos submitter = node("submitter", Duration.ofHours(1), Map.of());

    Job job = submitter.submit(JobRequest.builder().name("wake").handler("b-only").build());

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ran).hasValue(1));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                submitter.job(job.id()).orElseThrow().status() == dev.chronos.JobStatus.COMPLETED);
  }
}
