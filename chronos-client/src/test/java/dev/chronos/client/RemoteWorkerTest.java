package dev.chronos.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteWorkerTest {
  final LocalApi api = new LocalApi();
  final ChronosClient client = api.client();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void runs_jobs_and_reports_results_and_failures() {
    try (RemoteWorker worker =
        client
            .worker()
            .concurrency(2)
            .handle("double", ctx -> Map.of("value", ctx.payload().get("n").asInt() * 2))
            .handle(
                "broken",
                ctx -> {
                  throw new IllegalStateException("no luck on attempt " + ctx.attempt());
                })
            .start()) {
      Job ok =
          client.submit(
              JobRequest.builder().name("d").handler("double").payload(Map.of("n", 21)).build());
      Job bad =
          client.submit(JobRequest.builder().name("b").handler("broken").maxRetries(0).build());
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> client.job(ok.id()).status() == JobStatus.COMPLETED);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> client.job(bad.id()).status() == JobStatus.FAILED);
      assertThat(client.job(ok.id()).result().get("value").asInt()).isEqualTo(42);
      assertThat(client.job(bad.id()).lastError()).contains("no luck on attempt 1");
      assertThat(worker.running()).isTrue();
    }
  }

  @Test
  void stop_aborts_the_waiting_long_poll_at_once() {
    RemoteWorker worker = client.worker().handle("idle", ctx -> null).start();
    // Give its first long-poll time to reach the server and wait there.
    Awaitility.await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(worker::running);
    long start = System.nanoTime();
    worker.stop();
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(ms).isLessThan(10_000); // the long-poll waits 20 s
    assertThat(worker.running()).isFalse();
    worker.stop(); // again: returns at once
  }

  @Test
  void stop_waits_for_the_handler_in_flight_to_report() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RemoteWorker worker =
        client
            .worker()
            .handle(
                "slow",
                ctx -> {
                  started.countDown();
                  release.await();
                  return Map.of("finished", true);
                })
            .start();
    Job job = client.submit(JobRequest.builder().name("s").handler("slow").build());
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(worker::stop);
    Awaitility.await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !stopping.isDone());
    release.countDown();
    // stop() runs on the common ForkJoin pool here, as CompletableFuture.runAsync puts it: on
    // JDK 25 the HTTP client completes answers there, and a plain join deadlocked (fixed).
    stopping.get(30, TimeUnit.SECONDS);
    assertThat(client.job(job.id()).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void misuse_is_refused_as_the_node_sdk_does() {
    RemoteWorker worker = client.worker();
    assertThatThrownBy(worker::start)
        .hasMessage("Register at least one handler before starting Chronos");
    assertThatThrownBy(() -> worker.handle(" ", ctx -> null))
        .hasMessage("Handler name is required");
    assertThatThrownBy(() -> worker.handle("x".repeat(256), ctx -> null))
        .hasMessage("Handler name must be 255 characters or fewer");
    worker.handle("a", ctx -> null);
    assertThatThrownBy(() -> worker.handle(" a ", ctx -> null))
        .hasMessage("Handler \"a\" is already registered");
    assertThatThrownBy(() -> worker.pollWait(Duration.ofSeconds(21)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> worker.concurrency(0)).isInstanceOf(IllegalArgumentException.class);
    worker.start();
    assertThatThrownBy(worker::start).hasMessage("Chronos worker is already started");
    worker.stop();
  }
}
