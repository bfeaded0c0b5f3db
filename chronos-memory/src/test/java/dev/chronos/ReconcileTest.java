package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.spi.Attempt;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's tenth reproduction: a claim whose commit happened while its reply was lost left its
 * job waiting out the whole lease after the store was back, although the node holding it in the
 * store was alive and knew it ran nothing for it. The lost claim is made here by claiming through
 * the store with the node's id, which is exactly what the store holds after such a claim.
 */
class ReconcileTest {
  private final MutableClock clock = MutableClock.fixed();
  private final FaultyStore store = new FaultyStore();
  private final AtomicInteger runs = new AtomicInteger();

  /** Releases heard by a listener that tells them apart, and retries heard by one that does not. */
  private final List<UUID> released = new CopyOnWriteArrayList<>();

  private final List<UUID> retryingByDefault = new CopyOnWriteArrayList<>();

  private final ChronosEngine chronos =
      TestNodes.inline(
          TestNodes.builder(store, clock)
              .handler("h", ctx -> runs.incrementAndGet())
              .listener(
                  new JobListener() {
                    @Override
                    public void onReleased(Job job, Execution execution) {
                      released.add(execution.id());
                    }
                  })
              .listener(
                  new JobListener() {
                    @Override
                    public void onRetrying(Job job, Execution execution) {
                      retryingByDefault.add(execution.id());
                    }
                  }));

  @AfterEach
  void close() {
    chronos.close();
  }

  /** An outage seen by the rescuer's lease query, then the store answering again. */
  private void outageAndRecovery() {
    store.failExpiredLeases(FaultyStore.unavailable());
    try {
      chronos.runDue();
    } catch (StoreUnavailableException expected) {
      // the outage
    }
    store.failExpiredLeases(null);
    chronos.runDue(); // the feeder's read succeeds first: the store answers again
  }

  @Test
  void a_lost_claim_is_released_and_run_as_soon_as_the_store_answers_again_not_after_its_lease() {
    Job job =
        chronos.submit(
            JobRequest.builder().name("lost").handler("h").delay(1, DelayUnit.MINUTE).build());
    clock.advance(Duration.ofMinutes(1));
    Attempt lost =
        store
            .claim(List.of(job.id()), chronos.nodeId(), clock.instant(), Duration.ofSeconds(10))
            .get(0);

    chronos.runDue();
    assertThat(chronos.job(job.id()).orElseThrow().status())
        .as("no outage, no reconcile: the claim waits for its lease")
        .isEqualTo(JobStatus.RUNNING);

    outageAndRecovery();

    List<Execution> executions = chronos.executions(job.id());
    assertThat(executions).hasSize(2);
    assertThat(executions.get(0).id()).isEqualTo(lost.execution().id());
    assertThat(executions.get(0).status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(executions.get(0).error()).startsWith("released: node test-node was not running it");
    assertThat(executions.get(1).status()).isEqualTo(ExecutionStatus.COMPLETED);
    Job after = chronos.job(job.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(after.attempts() - 1).as("the release did not use a retry").isEqualTo(1);
    assertThat(runs).hasValue(1);
    assertThat(clock.instant()).isBefore(lost.execution().leaseExpiresAt());
    // Listeners hear a release (a listener without onReleased hears it as a retry, as before).
    assertThat(released).containsExactly(lost.execution().id());
    assertThat(retryingByDefault).containsExactly(lost.execution().id());
  }

  @Test
  void an_attempt_running_here_when_the_store_answers_again_is_not_released() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger blockingRuns = new AtomicInteger();
    try (ChronosEngine node =
        TestNodes.withWorkers(
            TestNodes.builder(store, clock)
                .nodeId("worker-node")
                .handler(
                    "blocks",
                    ctx -> {
                      blockingRuns.incrementAndGet();
                      started.countDown();
                      finish.await();
                      return "done";
                    })
                .handler("h", ctx -> runs.incrementAndGet()))) {
      Job running = node.submit(JobRequest.builder().name("running").handler("blocks").build());
      node.runDue();
      assertThat(started.await(20, TimeUnit.SECONDS)).as("the handler started").isTrue();
      // A job of a handler this node does not run, claimed in the store under its id: what a claim
      // whose reply was lost leaves behind. The clock stands still, so no lease ends.
      Job lostJob = node.submit(JobRequest.builder().name("lost").handler("elsewhere").build());
      Attempt lost =
          store
              .claim(List.of(lostJob.id()), "worker-node", clock.instant(), Duration.ofSeconds(10))
              .get(0);

      store.failExpiredLeases(FaultyStore.unavailable());
      try {
        node.runDue();
      } catch (StoreUnavailableException expected) {
        // the outage
      }
      store.failExpiredLeases(null);
      node.runDue(); // the store answers again: reconcile

      assertThat(node.executions(lostJob.id()).get(0).id()).isEqualTo(lost.execution().id());
      assertThat(node.executions(lostJob.id()).get(0).status())
          .as("the lost claim was given back")
          .isEqualTo(ExecutionStatus.FAILED);
      List<Execution> ofRunning = node.executions(running.id());
      assertThat(ofRunning).hasSize(1);
      assertThat(ofRunning.get(0).status())
          .as("the attempt this node runs was left alone")
          .isEqualTo(ExecutionStatus.RUNNING);

      finish.countDown();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> node.job(running.id()).orElseThrow().status() == JobStatus.COMPLETED);
      assertThat(node.executions(running.id())).hasSize(1);
      assertThat(blockingRuns).hasValue(1);
    }
  }

  @Test
  void a_claim_of_a_pull_worker_named_as_the_node_is_not_released() {
    Job job = chronos.submit(JobRequest.builder().name("pulled").handler("remote").build());
    PullWorker worker = chronos.pull();
    ClaimedJob claimed = worker.claim(Set.of("remote"), 1, Duration.ZERO).get(0);

    outageAndRecovery();

    assertThat(chronos.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(worker.complete(claimed, "done").status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void claims_of_other_nodes_are_left_alone() {
    Job job =
        chronos.submit(
            JobRequest.builder().name("elsewhere").handler("h").delay(1, DelayUnit.MINUTE).build());
    clock.advance(Duration.ofMinutes(1));
    store.claim(List.of(job.id()), "another-node", clock.instant(), Duration.ofSeconds(10));

    outageAndRecovery();

    assertThat(chronos.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(runs).hasValue(0);
  }
}
