package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries follow the documented backoff, driven by a manual clock. */
class RetryAndBackoffTest {
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final AtomicInteger calls = new AtomicInteger();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final ChronosEngine chronos =
      TestNodes.inline(
          TestNodes.builder(store, clock)
              .handler(
                  "flaky",
                  ctx -> {
                    int n = calls.incrementAndGet();
                    if (n <= 2) {
                      throw new IllegalStateException("boom " + n);
                    }
                    return Map.of("ok", true, "attempt", ctx.attempt());
                  })
              .handler(
                  "broken",
                  ctx -> {
                    calls.incrementAndGet();
                    throw new IllegalArgumentException("always broken");
                  })
              .listener(
                  new JobListener() {
                    @Override
                    public void onStarted(Job job, Execution execution) {
                      events.add("started " + execution.attempt());
                    }

                    @Override
                    public void onRetrying(Job job, Execution execution) {
                      events.add("retrying " + execution.attempt());
                    }

                    @Override
                    public void onCompleted(Job job, Execution execution) {
                      events.add("completed " + execution.attempt());
                    }

                    @Override
                    public void onFailed(Job job, Execution execution) {
                      events.add("failed " + execution.attempt());
                    }
                  }));

  @AfterEach
  void close() {
    chronos.close();
  }

  private Job submit(String handler, int maxRetries) {
    return chronos.submit(
        JobRequest.builder().name("job").handler(handler).maxRetries(maxRetries).build());
  }

  private Job reload(Job job) {
    return chronos.job(job.id()).orElseThrow();
  }

  @Test
  void retries_a_failed_job_after_backoff_until_it_succeeds() {
    Instant t0 = clock.instant();
    Job job = submit("flaky", 3);

    chronos.runDue();
    Job afterFirst = reload(job);
    assertThat(afterFirst.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(afterFirst.lastError()).contains("boom 1");
    Instant retry1 = afterFirst.runAt();
    assertThat(retry1).isBetween(t0.plusSeconds(1), t0.plusSeconds(2));

    clock.set(retry1.minusMillis(1));
    chronos.runDue();
    assertThat(calls).hasValue(1);

    clock.set(retry1);
    chronos.runDue();
    Job afterSecond = reload(job);
    assertThat(afterSecond.status()).isEqualTo(JobStatus.RETRYING);
    Instant retry2 = afterSecond.runAt();
    assertThat(retry2).isBetween(retry1.plusSeconds(2), retry1.plusSeconds(4));

    clock.set(retry2);
    chronos.runDue();
    Job done = reload(job);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.attempts()).isEqualTo(3);
    assertThat(done.result().get("attempt").asInt()).isEqualTo(3);

    List<Execution> executions = chronos.executions(job.id());
    assertThat(executions).extracting(Execution::attempt).containsExactly(1, 2, 3);
    assertThat(executions)
        .extracting(Execution::trigger)
        .containsExactly(
            ExecutionTrigger.SUBMIT, ExecutionTrigger.SYSTEM_RETRY, ExecutionTrigger.SYSTEM_RETRY);
    assertThat(executions)
        .extracting(Execution::status)
        .containsExactly(ExecutionStatus.FAILED, ExecutionStatus.FAILED, ExecutionStatus.COMPLETED);
    assertThat(executions).extracting(Execution::startedAt).containsExactly(t0, retry1, retry2);
    assertThat(executions).extracting(Execution::node).containsOnly("test-node");
    assertThat(executions.get(0).error())
        .startsWith("java.lang.IllegalStateException: boom 1\n\tat ")
        .contains("RetryAndBackoffTest");
    assertThat(executions.get(2).result().get("ok").asBoolean()).isTrue();
    assertThat(events)
        .containsExactly(
            "started 1", "retrying 1", "started 2", "retrying 2", "started 3", "completed 3");
  }

  @Test
  void fails_for_good_when_retries_run_out_and_never_changes_again() {
    Job job = submit("broken", 2);

    for (int i = 0; i < 3; i++) {
      chronos.runDue();
      clock.advance(Duration.ofMinutes(1));
    }
    Job failed = reload(job);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(3);
    assertThat(failed.lastError())
        .startsWith("java.lang.IllegalArgumentException: always broken\n\tat ");
    assertThat(events)
        .containsExactly(
            "started 1", "retrying 1", "started 2", "retrying 2", "started 3", "failed 3");

    clock.advance(Duration.ofHours(2));
    chronos.runDue();
    assertThat(calls).hasValue(3);
    assertThat(reload(job)).isEqualTo(failed);
    assertThat(chronos.executions(job.id())).hasSize(3);
  }

  @Test
  void max_retries_zero_means_one_attempt() {
    Job job = submit("broken", 0);

    chronos.runDue();

    assertThat(reload(job).status()).isEqualTo(JobStatus.FAILED);
    assertThat(chronos.executions(job.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED));
  }
}
