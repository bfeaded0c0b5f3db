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

/** Several nodes in one JVM on one MariaDB database: nothing lost, nothing run twice. */
class MariaDbClusterTest {
  private String prefix;
  private final List<Chronos> nodes = new ArrayList<>();

  @BeforeEach
  void database() {
    MariaDbDatabase.require();
    prefix = MariaDbDatabase.uniquePrefix();
  }

  @AfterEach
  void stop() {
    nodes.forEach(Chronos::close);
    MariaDbDatabase.drop(prefix);
  }

  private Chronos node(
      String id, Duration pollInterval, Map<String, dev.chronos.JobHandler> handlers) {
    var builder =
        Chronos.builder()
            .nodeId(id)
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(MariaDbDatabase.URL, MariaDbDatabase.USER, MariaDbDatabase.PASSWORD)
                    .tablePrefix(prefix)
                    .maxPoolSize(6)
                    .build())
            .workerThreads(8)
            .pollInterval(pollInterval);
    handlers.forEach(builder::handler);
    Chronos node = builder.build().start();
    nodes.add(node);
    return node;
  }

  @Test
  void three_nodes_run_6_000_jobs_each_exactly_once_and_share_the_work() {
    Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();
    for (String id : List.of("node-a", "node-b", "node-c")) {
      AtomicInteger count = perNode.computeIfAbsent(id, k -> new AtomicInteger());
      node(id, Duration.ofMillis(200), Map.of("work", ctx -> count.incrementAndGet()));
    }
    Chronos submitter = node("submitter", Duration.ofSeconds(1), Map.of());

    Instant start = Instant.now();
    List<JobRequest> batch = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      JobRequest.Builder r = JobRequest.builder().name("job " + i).handler("work");
      if (i % 2 == 1) { // half due now, half spread over 6 s (never in the past on a slow run)
        Instant at = start.plusMillis(2L * i).plusSeconds(1);
        Instant soon = Instant.now().plusSeconds(1);
        r.scheduledFor(at.isBefore(soon) ? soon : at);
      }
      batch.add(r.build());
      if (batch.size() == 500) {
        submitter.submitAll(batch);
        batch.clear();
      }
    }

    Jdbi jdbi = Jdbi.create(MariaDbDatabase.dataSource());
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
                    == 6_000L);

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
    assertThat(executions).isEqualTo(6_000);
    assertThat(jobsNotRunOnce).isZero();
    assertThat(perNode.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(6_000);
    // Every node takes a share. Claims of listed jobs wait for each other on MariaDB instead of
    // skipping (see claim_listed.sql); before claims were spread (ClaimSpread) the node whose
    // feeder read first won most overlapping rows (one run: 253, 448 and 5,299); spread, two runs
    // at a load average of 22 split 2,701 / 1,148 / 2,151 and 1,452 / 2,462 / 2,086.
    System.out.println("MariaDbClusterTest jobs per node: " + perNode);
    assertThat(perNode.values())
        .as("jobs per node: %s", perNode)
        .allSatisfy(n -> assertThat(n.get()).isGreaterThan(300));
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
  void a_job_submitted_on_one_node_is_started_by_the_node_with_its_handler_at_its_next_poll() {
    AtomicInteger ran = new AtomicInteger();
    // No LISTEN/NOTIFY on MariaDB: the worker's poll (every 500 ms) finds the job.
    node("worker", Duration.ofMillis(500), Map.of("b-only", ctx -> ran.incrementAndGet()));
    Chronos submitter = node("submitter", Duration.ofHours(1), Map.of());

    Job job = submitter.submit(JobRequest.builder().name("poll").handler("b-only").build());

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ran).hasValue(1));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                submitter.job(job.id()).orElseThrow().status() == dev.chronos.JobStatus.COMPLETED);
  }
}
