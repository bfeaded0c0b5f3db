package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.Attempt;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine's edges: bounded queue, rescue of another node's lease, shutdown, many workers. */
class EngineEdgesTest {
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();

  @Test
  void a_job_due_now_evicts_later_jobs_from_a_full_queue() {
    try (Chronos node =
            Chronos.builder()
                .store(store)
                .maxQueueSize(10)
                .pollInterval(Duration.ofMillis(50))
                .handler("h", ctx -> "ran")
                .build()
                .start();
        Chronos other = Chronos.builder().store(store).build()) {
      for (int i = 0; i < 10; i++) {
        node.submit(
            JobRequest.builder().name("later").handler("h").delay(1, DelayUnit.HOUR).build());
      }
      Job now = other.submit(JobRequest.builder().name("now").handler("h").build());

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> store.find(now.id()).orElseThrow().status() == JobStatus.COMPLETED);
    }
  }

  @Test
  void an_expired_lease_of_a_dead_node_is_timed_out_and_retried_here() {
    ChronosEngine node =
        TestNodes.inline(TestNodes.builder(store, clock).handler("h", ctx -> "second try"));
    Job job = node.submit(JobRequest.builder().name("j").handler("h").timeoutSeconds(10).build());
    // Another node claimed it and died: nobody reports on this execution.
    List<Attempt> claimed =
        store.claim(List.of(job.id()), "dead-node", clock.instant(), Duration.ofSeconds(5));
    assertThat(claimed).hasSize(1);

    clock.advance(Duration.ofSeconds(15));
    node.runDue();
    assertThat(node.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

    clock.advance(Duration.ofMillis(1));
    node.runDue();
    Job rescued = node.job(job.id()).orElseThrow();
    assertThat(rescued.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(rescued.lastError()).contains("lease expired");

    clock.set(rescued.runAt());
    node.runDue();
    assertThat(node.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(node.executions(job.id()))
        .extracting(Execution::status, Execution::node)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ExecutionStatus.TIMED_OUT, "dead-node"),
            org.assertj.core.groups.Tuple.tuple(ExecutionStatus.COMPLETED, "test-node"));
  }

  @Test
  void a_timeout_without_retries_left_fails_the_job() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    ChronosEngine node =
        TestNodes.withWorkers(
            TestNodes.builder(store, clock)
                .handler(
                    "hang",
                    ctx -> {
                      started.countDown();
                      TimeUnit.HOURS.sleep(1);
                      return null;
                    }));
    try {
      Job job =
          node.submit(
              JobRequest.builder()
                  .name("j")
                  .handler("hang")
                  .timeoutSeconds(1)
                  .maxRetries(0)
                  .build());
      node.runDue();
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

      clock.advance(Duration.ofSeconds(1));
      node.runDue();

      Job failed = node.job(job.id()).orElseThrow();
      assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
      assertThat(node.executions(job.id()))
          .singleElement()
          .satisfies(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT));
    } finally {
      node.close();
    }
  }

  @Test
  @Timeout(60)
  void close_lets_a_running_handler_finish_within_the_shutdown_timeout() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Chronos node =
        Chronos.builder()
            .store(store)
            .shutdownTimeout(Duration.ofMinutes(1))
            .handler(
                "h",
                ctx -> {
                  started.countDown();
                  finish.await();
                  return "finished";
                })
            .build()
            .start();
    Job job = node.submit(JobRequest.builder().name("j").handler("h").build());
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(node::close);
    finish.countDown();
    closing.get(30, TimeUnit.SECONDS);

    assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(store.executions(job.id())).hasSize(1);
  }

  @Test
  @Timeout(60)
  void many_workers_return_every_permit_so_close_does_not_wait() {
    AtomicInteger runs = new AtomicInteger();
    ChronosEngine node =
        TestNodes.inline(
            TestNodes.builder(store, clock)
                .workerThreads(1000)
                .shutdownTimeout(Duration.ofHours(1))
                .handler("h", ctx -> runs.incrementAndGet()));
    for (int i = 0; i < 600; i++) {
      node.submit(JobRequest.builder().name("j" + i).handler("h").build());
    }

    node.runDue();
    node.close(); // would wait the whole hour if a permit had leaked

    assertThat(runs).hasValue(600);
  }

  @Test
  void a_listener_that_throws_does_not_stop_the_job() {
    ChronosEngine node =
        TestNodes.inline(
            TestNodes.builder(store, clock)
                .handler("h", ctx -> "ok")
                .listener(
                    new JobListener() {
                      @Override
                      public void onStarted(Job job, Execution execution) {
                        throw new IllegalStateException("listener bug");
                      }
                    }));
    Job job = node.submit(JobRequest.builder().name("j").handler("h").build());

    node.runDue();

    assertThat(node.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(Set.of(JobStatus.COMPLETED)).contains(node.job(job.id()).orElseThrow().status());
  }
}
