package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Text from handlers and workers reaches the store cleaned (no control characters PostgreSQL
 * refuses) and capped, and failures can be diagnosed: the stack trace is stored and logged.
 */
class HandlerTextTest {
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final ChronosEngine chronos =
      TestNodes.inline(
          TestNodes.builder(store, clock)
              .maxResultSize(1024)
              .handler(
                  "throws",
                  ctx -> {
                    throw new IllegalArgumentException("bad byte \u0000");
                  })
              .handler(
                  "nul-result", ctx -> Map.of("text", "bad byte \u0000", "list", List.of("\u0001")))
              .handler("big-result", ctx -> Map.of("text", "x".repeat(5000)))
              .handler("deep-result", ctx -> deeplyNested(5_000)));

  private static final AtomicInteger deepRuns = new AtomicInteger();

  /** A result nested deeper than Jackson writes: its work is done, it just cannot be JSON. */
  private static Object deeplyNested(int depth) {
    deepRuns.incrementAndGet();
    List<Object> inner = new java.util.ArrayList<>();
    Object result = inner;
    for (int i = 0; i < depth; i++) {
      List<Object> outer = new java.util.ArrayList<>();
      outer.add(result);
      result = outer;
    }
    return result;
  }

  @AfterEach
  void close() {
    chronos.close();
  }

  private Job run(String handler, int maxRetries) {
    Job job =
        chronos.submit(
            JobRequest.builder().name(handler).handler(handler).maxRetries(maxRetries).build());
    chronos.runDue();
    return chronos.job(job.id()).orElseThrow();
  }

  @Test
  void a_handler_error_with_nul_is_stored_cleaned_with_its_stack_trace() {
    Job failed = run("throws", 0);

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    String error = chronos.executions(failed.id()).get(0).error();
    assertThat(error)
        .startsWith("java.lang.IllegalArgumentException: bad byte \uFFFD\n\tat ")
        .contains("HandlerTextTest")
        .doesNotContain("\u0000")
        .hasSizeLessThanOrEqualTo(4000);
  }

  @Test
  void a_result_too_deep_for_json_completes_the_job_once_instead_of_failing_it() {
    deepRuns.set(0);
    Job done = run("deep-result", 3);
    clock.advance(java.time.Duration.ofHours(1));
    chronos.runDue();

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(deepRuns).hasValue(1);
  }

  @Test
  void a_nul_inside_a_result_string_is_stored_cleaned() {
    Job done = run("nul-result", 0);

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.result().get("text").asText()).isEqualTo("bad byte \uFFFD");
    assertThat(done.result().get("list").get(0).asText()).isEqualTo("\uFFFD");
  }

  @Test
  void a_result_over_max_result_size_completes_the_job_with_a_note_that_it_was_truncated() {
    Job done = run("big-result", 0);

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.result().get("truncated").asBoolean()).isTrue();
    assertThat(done.result().get("size").asInt()).isEqualTo(5011);
    assertThat(done.result().get("max_result_size").asInt()).isEqualTo(1024);
  }

  @Test
  void a_pull_worker_result_and_error_go_through_the_same_sanitizer() {
    Job first = chronos.submit(JobRequest.builder().name("a").handler("remote").build());
    Job second =
        chronos.submit(JobRequest.builder().name("b").handler("remote").maxRetries(0).build());
    PullWorker worker = chronos.pull("w");
    List<ClaimedJob> claimed = worker.claim(Set.of("remote"), 2, Duration.ZERO);
    ClaimedJob a = claimed.stream().filter(c -> c.jobId().equals(first.id())).findFirst().get();
    ClaimedJob b = claimed.stream().filter(c -> c.jobId().equals(second.id())).findFirst().get();

    Job completed = worker.complete(a, Map.of("text", "nul \u0000", "pad", "y".repeat(2000)));
    Job failed = worker.fail(b, "worker says \u0000");

    assertThat(completed.result().get("truncated").asBoolean()).isTrue();
    assertThat(failed.lastError()).isEqualTo("worker says \uFFFD");
  }

  @Test
  void max_result_size_is_checked_when_set() {
    assertThatThrownBy(() -> Chronos.builder().maxResultSize(255))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxResultSize");
    assertThatThrownBy(() -> Chronos.builder().maxResultSize(16 * 1024 * 1024 + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_final_failure_is_logged_at_warn_with_its_stack_trace_and_a_retry_in_one_line() {
    try (LogLines lines = LogLines.capture()) {
      Job job = run("throws", 1);
      clock.advance(Duration.ofHours(1));
      chronos.runDue();

      assertThat(chronos.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
      assertThat(lines.records())
          .anySatisfy(
              r ->
                  assertThat(r)
                      .startsWith("[main] INFO dev.chronos.dispatcher")
                      .contains("attempt 1 failed: java.lang.IllegalArgumentException: bad byte"))
          .anySatisfy(
              r ->
                  assertThat(r)
                      .startsWith("[main] WARN dev.chronos.dispatcher")
                      .contains("failed for good after 2 attempt(s)"));
      assertThat(lines.text())
          .contains(
              "failed for good after 2 attempt(s)\njava.lang.IllegalArgumentException: bad byte")
          .contains("\tat dev.chronos.HandlerTextTest");
    }
  }
}
