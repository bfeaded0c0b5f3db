package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.memory.InMemoryJobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Smoke tests of a started node on the system clock; every wait is bounded by Awaitility. */
class RealTimeTest {
  private final InMemoryJobStore store = new InMemoryJobStore();

  @Test
  void a_started_node_runs_a_job_due_now_without_waiting_for_a_poll_and_never_early() {
    Map<UUID, Instant> startedAt = new ConcurrentHashMap<>();
    Clock clock = Clock.systemUTC();
    try (Chronos chronos =
        Chronos.builder()
            .store(store)
            .pollInterval(Duration.ofHours(1)) // only the local hand-off can make these run
            .handler("stamp", ctx -> startedAt.put(ctx.jobId(), clock.instant()))
            .build()
            .start()) {
      Job now = chronos.submit(JobRequest.builder().name("now").handler("stamp").build());
      Job soon =
          chronos.submit(
              JobRequest.builder()
                  .name("soon")
                  .handler("stamp")
                  .scheduledFor(clock.instant().plusMillis(300))
                  .build());

      await().atMost(Duration.ofSeconds(30)).until(() -> startedAt.size() == 2);

      assertThat(startedAt.get(now.id())).isAfterOrEqualTo(now.runAt());
      assertThat(startedAt.get(soon.id())).isAfterOrEqualTo(soon.runAt());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> chronos.job(soon.id()).orElseThrow().status() == JobStatus.COMPLETED);
    }
  }

  @Test
  void closing_gives_a_running_job_back_without_using_a_retry_and_another_node_finishes_it()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Chronos first =
        Chronos.builder()
            .store(store)
            .nodeId("first")
            .shutdownTimeout(Duration.ZERO)
            .handler(
                "long",
                ctx -> {
                  started.countDown();
                  TimeUnit.HOURS.sleep(1);
                  return "unreachable";
                })
            .build()
            .start();
    Job job = first.submit(JobRequest.builder().name("long").handler("long").maxRetries(0).build());
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    first.close();

    Job released = store.find(job.id()).orElseThrow();
    assertThat(released.status().isRunnable()).isTrue();
    assertThat(store.executions(job.id()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
              assertThat(e.error()).contains("released").contains("first");
            });

    try (Chronos second =
        Chronos.builder()
            .store(store)
            .nodeId("second")
            .pollInterval(Duration.ofMillis(50))
            .handler("long", ctx -> "finished on second")
            .build()
            .start()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> second.job(job.id()).orElseThrow().status() == JobStatus.COMPLETED);
      assertThat(second.executions(job.id()))
          .extracting(Execution::node)
          .containsExactly("first", "second");
    }
  }
}
