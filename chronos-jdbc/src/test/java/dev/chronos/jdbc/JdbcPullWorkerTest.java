package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.ClaimedJob;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.LeaseExpiredException;
import dev.chronos.PullWorker;
import dev.chronos.spi.JobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull workers across nodes on one database: a worker node with no handlers at all claims jobs that
 * another node submitted, each job once, on H2 and on PostgreSQL. Every node has its own store and
 * pool, as separate processes would; see {@link PullWorkerProcessTest} for a real second JVM.
 */
class JdbcPullWorkerTest {
  @TempDir Path dir;
  private final List<Chronos> nodes = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private String prefix;

  @AfterEach
  void close() {
    threads.shutdownNow();
    nodes.forEach(Chronos::close);
    if (prefix != null) {
      PostgresDatabase.drop(prefix);
    }
  }

  private Supplier<JobStore> h2() {
    return () -> JdbcJobStore.h2(dir);
  }

  private Supplier<JobStore> postgres() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
    return () ->
        JdbcJobStore.builder()
            .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
            .tablePrefix(prefix)
            .maxPoolSize(6)
            .build();
  }

  private Chronos node(String id, JobStore store, Duration pollInterval) {
    Chronos node =
        Chronos.builder()
            .store(store)
            .nodeId(id)
            .pushConcurrency(0)
            .pollInterval(pollInterval)
            .build()
            .start();
    nodes.add(node);
    return node;
  }

  @Test
  void a_worker_node_without_handlers_claims_jobs_another_node_submits_on_h2() throws Exception {
    workersOnOneNodeRunEveryJobOnce(h2(), 400);
  }

  @Test
  void a_worker_node_without_handlers_claims_jobs_another_node_submits_on_postgresql()
      throws Exception {
    workersOnOneNodeRunEveryJobOnce(postgres(), 1000);
  }

  /**
   * One node submits; four long-polling workers on another node (no handlers registered) claim and
   * complete. Half the jobs are due at once, half fall due over the next second, so workers both
   * find jobs waiting and are woken for them.
   */
  private void workersOnOneNodeRunEveryJobOnce(Supplier<JobStore> stores, int count)
      throws Exception {
    Chronos submitter = node("submitter", stores.get(), Duration.ofSeconds(1));
    Chronos workerNode = node("worker-node", stores.get(), Duration.ofMillis(100));
    Map<UUID, AtomicInteger> completions = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      PullWorker worker = workerNode.pull("puller-" + w);
      workers.add(
          threads.submit(
              () -> {
                while (!stop.get()) {
                  for (ClaimedJob job : worker.claim(Set.of("work"), 10, Duration.ofMillis(500))) {
                    completions
                        .computeIfAbsent(job.jobId(), id -> new AtomicInteger())
                        .incrementAndGet();
                    worker.complete(job, Map.of("by", worker.workerId()));
                  }
                }
                return null;
              }));
    }

    List<JobRequest> batch = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JobRequest.Builder r = JobRequest.builder().name("job " + i).handler("work");
      if (i % 2 == 1) { // due within the next second, counted from when its batch is submitted
        r.scheduledFor(Instant.now().plusMillis(500 + 10L * (i % 100)));
      }
      batch.add(r.build());
      if (batch.size() == 100) {
        jobs.addAll(submitter.submitAll(batch));
        batch.clear();
      }
    }

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> completions.size() == count);
    stop.set(true);
    for (Future<?> f : workers) {
      f.get(30, TimeUnit.SECONDS);
    }

    assertThat(completions.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    for (Job job : jobs) {
      Job stored = submitter.job(job.id()).orElseThrow();
      assertThat(stored.status()).isEqualTo(JobStatus.COMPLETED);
      List<Execution> executions = submitter.executions(job.id());
      assertThat(executions).hasSize(1);
      assertThat(executions.get(0).node()).startsWith("puller-");
      assertThat(executions.get(0).startedAt()).isAfterOrEqualTo(stored.runAt());
      assertThat(stored.result().get("by").asText()).isEqualTo(executions.get(0).node());
    }
  }

  @Test
  void a_lease_that_ends_in_one_node_is_timed_out_by_another_and_the_late_answer_refused() {
    Chronos submitter = node("submitter", JdbcJobStore.h2(dir), Duration.ofMillis(100));
    Chronos workerNode = node("worker-node", JdbcJobStore.h2(dir), Duration.ofHours(1));
    Job job =
        submitter.submit(
            JobRequest.builder().name("abandoned").handler("work").timeoutSeconds(1).build());
    PullWorker worker = workerNode.pull();
    ClaimedJob claimed = worker.claim(Set.of("work"), 1, Duration.ofSeconds(5)).get(0);

    // The worker "dies": the submitter's rescuer ends the lease a second later.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> submitter.job(job.id()).orElseThrow().status() == JobStatus.RETRYING);

    assertThatThrownBy(() -> worker.complete(claimed, "late"))
        .isInstanceOf(LeaseExpiredException.class);
    assertThat(submitter.executions(job.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT));
    assertThat(submitter.job(job.id()).orElseThrow().result()).isNull();
  }
}
