package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-job timeouts: the handler runs on a real worker thread while the test moves the clock past
 * its deadline; the latches only tell the test where the handler thread is.
 */
class TimeoutTest {
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch interrupted = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean sawInterrupt = new AtomicBoolean();
  private final AtomicInteger quickRuns = new AtomicInteger();
  private final ChronosEngine chronos =
      TestNodes.withWorkers(
          TestNodes.builder(store, clock)
              .workerThreads(1)
              .handler(
                  "sleepy",
                  ctx -> {
                    if (ctx.attempt() > 1) {
                      return "second attempt";
                    }
                    started.countDown();
                    try {
                      TimeUnit.HOURS.sleep(1);
                    } catch (InterruptedException e) {
                      interrupted.countDown();
                      return "late result";
                    }
                    return "slept an hour";
                  })
              .handler(
                  "stubborn",
                  ctx -> {
                    started.countDown();
                    while (true) {
                      try {
                        if (release.await(1, TimeUnit.HOURS)) {
                          return "late result";
                        }
                      } catch (InterruptedException e) {
                        sawInterrupt.set(true);
                      }
                    }
                  })
              .handler(
                  "blocking",
                  ctx -> {
                    started.countDown();
                    return release.await(1, TimeUnit.HOURS) ? "released" : "waited an hour";
                  })
              .handler(
                  "quick",
                  ctx -> {
                    quickRuns.incrementAndGet();
                    return "quick";
                  }));

  @AfterEach
  void close() {
    release.countDown();
    chronos.close();
  }

  private Job submit(String handler) {
    return chronos.submit(
        JobRequest.builder().name(handler).handler(handler).timeoutSeconds(5).build());
  }

  @Test
  void a_sleeping_handler_is_interrupted_at_its_deadline_and_retried() throws Exception {
    Job job = submit("sleepy");
    chronos.runDue();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    clock.advance(Duration.ofMillis(4999));
    chronos.runDue();
    assertThat(chronos.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

    clock.advance(Duration.ofMillis(1));
    chronos.runDue();

    Job timedOut = chronos.job(job.id()).orElseThrow();
    assertThat(timedOut.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(timedOut.lastError()).contains("timed out after 5 s");
    assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> chronos.busyWorkerThreads() == 0);

    List<Execution> executions = chronos.executions(job.id());
    assertThat(executions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
              assertThat(e.result()).isNull();
            });
    assertThat(chronos.job(job.id()).orElseThrow().result()).isNull();

    clock.set(timedOut.runAt());
    chronos.runDue();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> chronos.job(job.id()).orElseThrow().status() == JobStatus.COMPLETED);
    assertThat(chronos.job(job.id()).orElseThrow().result().asText()).isEqualTo("second attempt");
  }

  @Test
  void a_handler_that_ignores_interrupts_is_cut_off_and_does_not_hold_its_worker_slot()
      throws Exception {
    Job stubborn = submit("stubborn");
    chronos.runDue();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    clock.advance(Duration.ofSeconds(5));
    chronos.runDue();
    assertThat(chronos.executions(stubborn.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT));
    await().atMost(Duration.ofSeconds(30)).untilTrue(sawInterrupt);

    // One worker slot, still occupied by the stubborn thread: the next job runs anyway.
    Job quick = submit("quick");
    chronos.runDue();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> chronos.job(quick.id()).orElseThrow().status() == JobStatus.COMPLETED);

    release.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> chronos.busyWorkerThreads() == 0);
    Job after = chronos.job(stubborn.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(after.result()).isNull();
    assertThat(chronos.executions(stubborn.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT));
  }

  @Test
  void a_job_claimed_ahead_that_no_slot_started_by_its_deadline_is_given_back_without_a_retry()
      throws Exception {
    // A node claims ahead only once it has seen attempts end quickly: one quick job first.
    Job primer = chronos.submit(JobRequest.builder().name("primer").handler("quick").build());
    chronos.runDue();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> chronos.job(primer.id()).orElseThrow().status() == JobStatus.COMPLETED);

    // One claim for both: the blocking job takes the only slot, the quick one is claimed ahead.
    Job blocking =
        chronos.submit(
            JobRequest.builder().name("blocking").handler("blocking").timeoutSeconds(60).build());
    clock.advance(Duration.ofMillis(1));
    Job quick =
        chronos.submit(
            JobRequest.builder()
                .name("quick")
                .handler("quick")
                .timeoutSeconds(5)
                .maxRetries(0)
                .build());
    chronos.runDue();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(chronos.job(quick.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(quickRuns).hasValue(1);

    clock.advance(Duration.ofSeconds(5));
    chronos.runDue();

    Execution givenBack = chronos.executions(quick.id()).get(0);
    assertThat(givenBack.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(givenBack.error()).contains("released").contains("before its deadline");
    assertThat(quickRuns).hasValue(1);
    assertThat(chronos.job(blocking.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

    release.countDown();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> chronos.job(blocking.id()).orElseThrow().status() == JobStatus.COMPLETED);
    chronos.runDue();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> chronos.job(quick.id()).orElseThrow().status() == JobStatus.COMPLETED);
    assertThat(quickRuns).hasValue(2);
    assertThat(chronos.executions(quick.id()))
        .extracting(Execution::status)
        .endsWith(ExecutionStatus.COMPLETED);
  }
}
