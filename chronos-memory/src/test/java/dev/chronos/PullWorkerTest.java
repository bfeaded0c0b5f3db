package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.JobStore;
import dev.chronos.testing.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pull workers: claims, reports, leases, long-polls. Nodes are not started unless a test is about
 * real time; the manual clock drives leases and backoff, {@code runDue} the rescuer and wake-ups.
 */
class PullWorkerTest {
  private static final Set<String> RESIZE = Set.of("resize");

  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final ChronosEngine chronos = TestNodes.inline(TestNodes.builder(store, clock));
  private final PullWorker worker = chronos.pull("worker-1");
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Chronos> others = new ArrayList<>();

  @AfterEach
  void close() {
    chronos.close();
    others.forEach(Chronos::close);
    threads.shutdownNow();
  }

  private Job submit(JobRequest.Builder request) {
    return chronos.submit(request.build());
  }

  private static JobRequest.Builder resize() {
    return JobRequest.builder()
        .name("Resize upload")
        .handler("resize")
        .payload(Map.of("fileId", "file_abc123"));
  }

  private Job job(Job job) {
    return store.find(job.id()).orElseThrow();
  }

  @Test
  void claims_a_due_job_under_a_lease_of_its_timeout_and_completes_it() throws Exception {
    Job job = submit(resize().timeoutSeconds(60));

    List<ClaimedJob> claimed = worker.claim(RESIZE, 10, Duration.ZERO);

    ClaimedJob c = claimed.get(0);
    assertThat(claimed).hasSize(1);
    assertThat(c.jobId()).isEqualTo(job.id());
    assertThat(c.attempt()).isEqualTo(1);
    assertThat(c.name()).isEqualTo("Resize upload");
    assertThat(c.handler()).isEqualTo("resize");
    assertThat(c.payload().get("fileId").asText()).isEqualTo("file_abc123");
    assertThat(c.scheduledFor()).isEqualTo(job.scheduledFor());
    assertThat(c.deadline()).isEqualTo(clock.instant().plusSeconds(60));
    assertThat(job(job).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.executions(job.id()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(c.executionId());
              assertThat(e.node()).isEqualTo("worker-1");
              assertThat(e.leaseExpiresAt()).isEqualTo(c.deadline());
            });
    assertThat(worker.claim(RESIZE, 10, Duration.ZERO)).isEmpty();
    assertThat(worker.claim(Set.of("other"), 10, Duration.ZERO)).isEmpty();

    // The claimed job is the attempt's JobContext: an in-process handler can run it as it is.
    JobHandler handler = ctx -> Map.of("resized", ctx.payload().get("fileId").asText());
    Job done = worker.complete(c, handler.handle(c));

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.result().get("resized").asText()).isEqualTo("file_abc123");
    assertThat(store.executions(job.id()).get(0).status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThatThrownBy(() -> worker.complete(c, "again"))
        .isInstanceOfSatisfying(
            LeaseExpiredException.class,
            e -> {
              assertThat(e.executionId()).isEqualTo(c.executionId());
              assertThat(e.code()).isEqualTo("lease_expired");
            });
  }

  @Test
  void a_failed_job_is_retried_after_the_backoff_until_its_retries_are_used() {
    Job job = submit(resize().maxRetries(1));
    ClaimedJob first = worker.claim(RESIZE, 1, Duration.ZERO).get(0);

    Job retrying = worker.fail(first, "out of memory");

    assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(retrying.lastError()).isEqualTo("out of memory");
    assertThat(retrying.runAt())
        .isBetween(clock.instant().plusSeconds(1), clock.instant().plusSeconds(2));
    assertThat(store.executions(job.id()).get(0).status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(worker.claim(RESIZE, 1, Duration.ZERO)).isEmpty();

    clock.set(retrying.runAt());
    ClaimedJob second = worker.claim(RESIZE, 1, Duration.ZERO).get(0);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.executionId()).isNotEqualTo(first.executionId());

    Job failed = worker.fail(second, "out of memory again");
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(store.executions(job.id()))
        .extracting(Execution::status)
        .containsExactly(ExecutionStatus.FAILED, ExecutionStatus.FAILED);
  }

  @Test
  void a_lease_that_ends_without_an_answer_times_out_and_a_late_report_changes_nothing() {
    Job job = submit(resize().timeoutSeconds(30));
    ClaimedJob c = worker.claim(RESIZE, 1, Duration.ZERO).get(0);

    clock.advance(Duration.ofSeconds(31));
    assertThatThrownBy(() -> worker.complete(c, "too late"))
        .isInstanceOf(LeaseExpiredException.class);
    assertThat(job(job).status()).isEqualTo(JobStatus.RUNNING); // nothing changed
    assertThat(store.executions(job.id()).get(0).status()).isEqualTo(ExecutionStatus.RUNNING);

    chronos.runDue(); // the rescuer ends the lease

    Job retrying = job(job);
    assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(store.executions(job.id()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
              assertThat(e.result()).isNull();
            });
    assertThatThrownBy(() -> worker.complete(c, "still too late"))
        .isInstanceOf(LeaseExpiredException.class);
    assertThatThrownBy(() -> worker.fail(c, "late failure"))
        .isInstanceOf(LeaseExpiredException.class);
    assertThatThrownBy(() -> worker.extend(c, Duration.ofMinutes(1)))
        .isInstanceOf(LeaseExpiredException.class);
    assertThat(job(job).status()).isEqualTo(JobStatus.RETRYING);
    assertThat(job(job).result()).isNull();

    clock.set(retrying.runAt());
    ClaimedJob again = worker.claim(RESIZE, 1, Duration.ZERO).get(0);
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(worker.complete(again, "on time").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(store.executions(job.id()))
        .extracting(Execution::status)
        .containsExactly(ExecutionStatus.TIMED_OUT, ExecutionStatus.COMPLETED);
  }

  @Test
  void extend_moves_the_end_of_the_lease() {
    Job job = submit(resize().timeoutSeconds(30));
    ClaimedJob c = worker.claim(RESIZE, 1, Duration.ZERO).get(0);

    clock.advance(Duration.ofSeconds(20));
    ClaimedJob extended = worker.extend(c, Duration.ofSeconds(60));
    assertThat(extended.deadline()).isEqualTo(clock.instant().plusSeconds(60));
    assertThat(extended.executionId()).isEqualTo(c.executionId());

    clock.advance(Duration.ofSeconds(50)); // past the first lease, inside the extended one
    chronos.runDue();
    assertThat(job(job).status()).isEqualTo(JobStatus.RUNNING);

    assertThat(worker.complete(extended, null).status()).isEqualTo(JobStatus.COMPLETED);
    assertThatThrownBy(() -> worker.extend(c, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_long_poll_is_woken_when_a_job_falls_due() throws Exception {
    Job job = submit(resize().delay(10, DelayUnit.SECOND));
    Future<List<ClaimedJob>> waiting =
        threads.submit(() -> worker.claim(RESIZE, 1, Duration.ofSeconds(20)));
    await().atMost(Duration.ofSeconds(10)).until(() -> chronos.pullWaiting() == 1);

    chronos.runDue();
    assertThat(waiting.isDone()).isFalse(); // nothing is due yet: the claim waits

    clock.advance(Duration.ofSeconds(10));
    chronos.runDue(); // the job falls due: the waiting claim is woken and takes it

    List<ClaimedJob> claimed = waiting.get(10, TimeUnit.SECONDS);
    assertThat(claimed).extracting(ClaimedJob::jobId).containsExactly(job.id());
    assertThat(chronos.pullWaiting()).isZero();
  }

  @Test
  void a_long_poll_is_woken_by_a_job_submitted_while_it_waits() throws Exception {
    Future<List<ClaimedJob>> waiting =
        threads.submit(() -> worker.claim(RESIZE, 5, Duration.ofSeconds(20)));
    await().atMost(Duration.ofSeconds(10)).until(() -> chronos.pullWaiting() == 1);

    Job job = submit(resize());
    chronos.runDue();

    assertThat(waiting.get(10, TimeUnit.SECONDS))
        .extracting(ClaimedJob::jobId)
        .containsExactly(job.id());
  }

  @Test
  void a_waiting_claim_does_not_poll_the_store() {
    AtomicInteger claims = new AtomicInteger();
    JobStore counting =
        (JobStore)
            Proxy.newProxyInstance(
                JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("claimDue")) {
                    claims.incrementAndGet();
                  }
                  try {
                    return method.invoke(store, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    ChronosEngine node = TestNodes.inline(TestNodes.builder(counting, clock));
    others.add(node);
    submit(resize().delay(1, DelayUnit.HOUR)); // known to the node, not due

    assertThat(node.pull().claim(RESIZE, 1, Duration.ofSeconds(1))).isEmpty();

    assertThat(claims).hasValue(1); // looked once, then waited to be woken
  }

  @Test
  void a_long_poll_returns_empty_when_the_node_closes() throws Exception {
    Future<List<ClaimedJob>> waiting =
        threads.submit(() -> worker.claim(RESIZE, 1, Duration.ofSeconds(20)));
    await().atMost(Duration.ofSeconds(10)).until(() -> chronos.pullWaiting() == 1);

    chronos.close();

    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
    assertThatThrownBy(() -> worker.claim(RESIZE, 1, Duration.ZERO))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void claim_checks_its_arguments() {
    assertThatThrownBy(() -> worker.claim(Set.of(), 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> worker.claim(Set.of(" "), 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> worker.claim(RESIZE, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> worker.claim(RESIZE, 101, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> worker.claim(RESIZE, 1, Duration.ofSeconds(21)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> worker.claim(RESIZE, 1, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> chronos.pull(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(chronos.pull().workerId()).isEqualTo("test-node");
  }

  @Test
  void four_workers_claiming_1000_jobs_get_each_job_once_and_complete_it_once() throws Exception {
    List<JobRequest> requests = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      requests.add(JobRequest.builder().name("job " + i).handler("work").build());
    }
    List<Job> jobs = chronos.submitAll(requests);
    Map<UUID, AtomicInteger> claims = new ConcurrentHashMap<>();
    List<Future<Integer>> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      PullWorker puller = chronos.pull("worker-" + w);
      workers.add(
          threads.submit(
              () -> {
                int done = 0;
                while (true) {
                  List<ClaimedJob> batch = puller.claim(Set.of("work"), 7, Duration.ZERO);
                  if (batch.isEmpty()) {
                    return done;
                  }
                  for (ClaimedJob c : batch) {
                    claims.computeIfAbsent(c.jobId(), id -> new AtomicInteger()).incrementAndGet();
                    puller.complete(c, puller.workerId());
                    done++;
                  }
                }
              }));
    }
    int completed = 0;
    for (Future<Integer> f : workers) {
      completed += f.get(60, TimeUnit.SECONDS);
    }

    assertThat(completed).isEqualTo(1000);
    assertThat(claims).hasSize(1000);
    assertThat(claims.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    for (Job job : jobs) {
      assertThat(store.executions(job.id()))
          .singleElement()
          .satisfies(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.COMPLETED));
    }
    assertThat(chronos.jobs(JobQuery.builder().statuses(JobStatus.COMPLETED).build()).total())
        .isEqualTo(1000);
  }

  @Test
  void a_started_worker_node_claims_a_job_another_node_submits_as_soon_as_it_is_due()
      throws Exception {
    Chronos workerNode =
        Chronos.builder()
            .store(store)
            .nodeId("worker-node")
            .pollInterval(Duration.ofMillis(50))
            .build()
            .start();
    others.add(workerNode);
    Chronos submitter =
        Chronos.builder().store(store).nodeId("submitter").pushConcurrency(0).build();
    others.add(submitter);
    PullWorker remote = workerNode.pull();
    Future<List<ClaimedJob>> waiting =
        threads.submit(() -> remote.claim(RESIZE, 1, Duration.ofSeconds(20)));

    Instant due = Instant.now().plusMillis(300);
    Job job = submitter.submit(resize().scheduledFor(due).build());

    List<ClaimedJob> claimed = waiting.get(15, TimeUnit.SECONDS);
    assertThat(claimed).extracting(ClaimedJob::jobId).containsExactly(job.id());
    Execution execution = store.executions(job.id()).get(0);
    assertThat(execution.node()).isEqualTo("worker-node");
    assertThat(execution.startedAt()).isAfterOrEqualTo(job.runAt());
    remote.complete(claimed.get(0), "done");
    assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
  }
}
