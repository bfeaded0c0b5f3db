package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One outcome the store refuses must not keep the others from being recorded, must not wedge the
 * node, and must not make a handler that succeeded run again. The store is the memory store with a
 * refusal or an outage injected where a database would throw one ({@link FaultyStore}).
 */
class PoisonOutcomeTest {
  private final MutableClock clock = MutableClock.fixed();
  private final FaultyStore store = new FaultyStore();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private ChronosEngine chronos;

  @AfterEach
  void close() {
    if (chronos != null) {
      chronos.close();
    }
  }

  private ChronosBuilder builder() {
    return TestNodes.builder(store, clock)
        .handler(
            "echo",
            ctx -> {
              String text = ctx.payload().get("text").asText();
              runs.computeIfAbsent(text, k -> new AtomicInteger()).incrementAndGet();
              if (text.startsWith("fail")) {
                throw new IllegalStateException(text);
              }
              return Map.of("text", text);
            });
  }

  private Job submit(String text) {
    return chronos.submit(
        JobRequest.builder()
            .name(text)
            .handler("echo")
            .payload(Map.of("text", text))
            .maxRetries(2)
            .build());
  }

  private Job reload(Job job) {
    return chronos.job(job.id()).orElseThrow();
  }

  /** Outcomes whose result or error mentions "poison" are refused, as PostgreSQL refuses NUL. */
  private void refusePoison() {
    store.failOutcomes(
        o ->
            String.valueOf(o.result()).contains("poison")
                    || String.valueOf(o.error()).contains("poison")
                ? FaultyStore.refused()
                : null);
  }

  @Test
  void one_refused_outcome_in_a_batch_does_not_keep_the_others_from_being_recorded() {
    chronos = TestNodes.inline(builder());
    // An outage keeps ten outcomes unrecorded; when the store answers again they go as one batch.
    store.failOutcomes(o -> FaultyStore.unavailable());
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      jobs.add(submit(i == 6 ? "poison" : "ok " + i));
    }
    chronos.runDue();
    assertThat(jobs).allSatisfy(j -> assertThat(reload(j).status()).isEqualTo(JobStatus.RUNNING));
    refusePoison();
    store.batches.clear();
    clock.advance(Duration.ofSeconds(1));
    chronos.runDue();

    assertThat(store.batches).startsWith(10, 5).hasSizeGreaterThan(3);
    for (Job job : jobs) {
      Job after = reload(job);
      if (job.name().equals("poison")) {
        assertThat(after.status()).isEqualTo(JobStatus.FAILED);
        Execution execution = chronos.executions(job.id()).get(0);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error())
            .startsWith("outcome could not be stored (completed): ")
            .contains("StoreRejectedException");
      } else {
        assertThat(after.status()).isEqualTo(JobStatus.COMPLETED);
      }
    }
    assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
  }

  @Test
  void a_completed_outcome_the_store_refuses_fails_the_job_without_running_it_again() {
    chronos = TestNodes.inline(builder());
    refusePoison();
    Job job = submit("poison");

    chronos.runDue();
    clock.advance(Duration.ofHours(1));
    chronos.runDue();

    Job after = reload(job);
    assertThat(after.status()).isEqualTo(JobStatus.FAILED);
    assertThat(after.attempts()).isEqualTo(1);
    assertThat(after.lastError()).startsWith("outcome could not be stored (completed)");
    assertThat(runs.get("poison")).hasValue(1);
  }

  @Test
  void an_unclassified_store_failure_keeps_a_completion_instead_of_failing_the_job() {
    chronos = TestNodes.inline(builder());
    // A store without failure classes (or a bug) throws a plain exception: not a refusal.
    store.failOutcomes(o -> new IllegalStateException("driver bug"));
    Job first = submit("ok 1");
    Job second = submit("ok 2");

    chronos.runDue();
    assertThat(reload(first).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(reload(second).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(chronos.stats().unrecordedOutcomes()).isEqualTo(2);

    store.failOutcomes(o -> null);
    clock.advance(Duration.ofSeconds(6));
    chronos.runDue();

    assertThat(reload(first).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(reload(second).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(chronos.executions(first.id()).get(0).status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
  }

  @Test
  void a_failed_outcome_the_store_refuses_is_recorded_with_the_reason_and_retried() {
    chronos = TestNodes.inline(builder());
    refusePoison();
    Job job = submit("fail poison");

    chronos.runDue();

    Job after = reload(job);
    assertThat(after.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(after.lastError()).startsWith("outcome could not be stored (failed)");
    store.failOutcomes(o -> null);
    clock.advance(Duration.ofHours(1));
    chronos.runDue();
    assertThat(runs.get("fail poison")).hasValue(2);
  }

  @Test
  void outcomes_kept_during_an_outage_are_retried_with_backoff_not_at_every_round() {
    chronos = TestNodes.inline(builder());
    store.failOutcomes(o -> FaultyStore.unavailable());
    Job job = submit("ok");
    chronos.runDue();
    store.batches.clear();

    for (int round = 0; round < 20; round++) {
      clock.advance(Duration.ofMillis(100));
      chronos.runDue();
    }
    // 2 s of rounds every 100 ms: tried at 0.1 s (after the first failure's 1 s back-off had not
    // passed, none), 1.1 s, then 2 s later: at most two tries.
    assertThat(store.batches).hasSizeBetween(1, 2);

    store.failOutcomes(o -> null);
    clock.advance(Duration.ofSeconds(5));
    chronos.runDue();
    assertThat(reload(job).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void the_rescuer_times_out_an_attempt_whose_outcome_the_store_keeps_refusing() {
    chronos = TestNodes.inline(builder().leaseGrace(Duration.ofSeconds(1)));
    // The outcome of this attempt cannot be written, everything else can: the attempt ended on
    // this node but stays running in the store until the rescuer ends it after its lease.
    store.failOutcomes(
        o -> String.valueOf(o.result()).contains("stuck") ? FaultyStore.unavailable() : null);
    Job job = submit("stuck");
    chronos.runDue();
    assertThat(reload(job).status()).isEqualTo(JobStatus.RUNNING);

    clock.advance(job.timeout().plusSeconds(2));
    chronos.runDue();

    List<Execution> executions = chronos.executions(job.id());
    assertThat(executions.get(0).status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(executions.get(0).error()).startsWith("lease expired");
  }

  @Test
  void an_outage_of_the_lease_query_does_not_stop_outcomes_from_being_recorded() {
    chronos = TestNodes.inline(builder());
    store.failOutcomes(o -> FaultyStore.unavailable());
    Job job = submit("ok");
    chronos.runDue();
    store.failExpiredLeases(FaultyStore.unavailable());
    store.failOutcomes(o -> null);
    clock.advance(Duration.ofSeconds(1));
    runDueThroughTheOutage();
    assertThat(reload(job).status()).isEqualTo(JobStatus.COMPLETED);
  }

  /** One round, in which the lease query fails (after the outcomes were dealt with). */
  private void runDueThroughTheOutage() {
    try {
      chronos.runDue();
    } catch (StoreUnavailableException expected) {
      // the rescuer's lease query is down
    }
  }

  @Test
  void a_store_that_keeps_refusing_outcomes_while_it_answers_reads_is_not_logged_again_and_again() {
    chronos =
        TestNodes.withWorkers(
            builder().clock(java.time.Clock.systemUTC()).pollInterval(Duration.ofMillis(20)));
    store.failOutcomes(o -> FaultyStore.unavailable());
    chronos.start();
    try (LogLines lines = LogLines.capture()) {
      for (int i = 0; i < 20; i++) {
        submit("ok " + i);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 20);
      await().atMost(Duration.ofSeconds(5)).until(() -> chronos.running() == 20);
      store.batches.clear();
      // The feeder's reads succeed every 20 ms while every write of outcomes fails: no flood of
      // "failed" / "answers again" lines, and the kept outcomes are tried with back-off.
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(4))
          .until(() -> lines.count() <= 4 && store.batches.size() <= 4);
      assertThat(lines.records()).hasSizeLessThanOrEqualTo(4);
    }
  }
}
