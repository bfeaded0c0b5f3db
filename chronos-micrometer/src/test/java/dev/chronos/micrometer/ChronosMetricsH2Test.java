package dev.chronos.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.StoreUnavailableException;
import dev.chronos.jdbc.JdbcJobStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChronosMetrics} on a started node with real threads and an H2 file store: completed,
 * failed and timed-out attempts, an abandoned thread, counts read by the refresher thread, and
 * counts kept when the store (an H2 server the test stops) cannot be reached.
 */
class ChronosMetricsH2Test {
  @TempDir Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);
  private ChronosMetrics metrics;
  private Chronos chronos;

  @AfterEach
  void close() {
    release.countDown();
    if (metrics != null) {
      metrics.close();
    }
    if (chronos != null) {
      chronos.close();
    }
  }

  private Chronos start(Duration countsInterval) {
    metrics = ChronosMetrics.builder().jobCountsInterval(countsInterval).build();
    chronos =
        Chronos.builder()
            .store(JdbcJobStore.h2(dir.resolve("db")))
            .workerThreads(2)
            .maxAbandonedThreads(2)
            .shutdownTimeout(Duration.ofSeconds(1))
            .handler("work", ctx -> "done")
            .handler(
                "fail",
                ctx -> {
                  throw new IllegalStateException("always");
                })
            .handler(
                "stubborn",
                ctx -> {
                  // Ignores its timeout's interrupt until the test lets it go: an abandoned thread.
                  while (true) {
                    try {
                      if (release.await(30, TimeUnit.SECONDS)) {
                        return "late";
                      }
                    } catch (InterruptedException ignored) {
                      // keeps waiting
                    }
                  }
                })
            .listener(metrics)
            .build();
    metrics.attach(chronos).bindTo(registry);
    chronos.start();
    return chronos;
  }

  private UUID submit(String handler, int maxRetries, long timeoutSeconds) {
    return chronos
        .submit(
            JobRequest.builder()
                .name(handler)
                .handler(handler)
                .maxRetries(maxRetries)
                .timeoutSeconds(timeoutSeconds)
                .build())
        .id();
  }

  private long timerCount(String handler, String outcome) {
    Timer t =
        registry.find("chronos.attempts").tags("handler", handler, "outcome", outcome).timer();
    return t == null ? 0 : t.count();
  }

  private double jobs(JobStatus status) {
    return registry
        .get("chronos.jobs")
        .tags("status", status.name().toLowerCase(Locale.ROOT))
        .gauge()
        .value();
  }

  @Test
  void real_attempts_on_h2_are_counted_by_outcome_and_the_refresher_counts_the_store() {
    start(Duration.ofSeconds(1));
    for (int i = 0; i < 5; i++) {
      submit("work", 3, 30);
    }
    submit("fail", 0, 30);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(timerCount("work", "completed")).isEqualTo(5);
              assertThat(timerCount("fail", "failed")).isEqualTo(1);
            });
    // The refresher thread counts the store every second; no scrape reads it.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(jobs(JobStatus.COMPLETED)).isEqualTo(5.0);
              assertThat(jobs(JobStatus.FAILED)).isEqualTo(1.0);
              assertThat(jobs(JobStatus.PENDING)).isZero();
            });
    assertThat(registry.get("chronos.attempts.lag").tags("handler", "work").timer().count())
        .isEqualTo(5);
    assertThat(
            registry
                .get("chronos.jobs.submitted")
                .tags("handler", "work", "lane", "handlers")
                .counter()
                .count())
        .isEqualTo(5.0);
    assertThat(registry.get("chronos.lane.running").tags("lane", "handlers").gauge().value())
        .isZero();
  }

  @Test
  void counts_that_cannot_be_refreshed_keep_their_last_values_and_show_their_age()
      throws Exception {
    Server server =
        Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
    try {
      metrics = ChronosMetrics.builder().jobCountsInterval(Duration.ZERO).build();
      chronos =
          Chronos.builder()
              .store(
                  JdbcJobStore.builder()
                      .jdbcUrl("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/counts", "sa", "")
                      .connectionTimeout(Duration.ofSeconds(1))
                      .build())
              .listener(metrics)
              .build();
      ChronosMetrics counting =
          ChronosMetrics.builder().jobCountsInterval(Duration.ofHours(1)).build();
      counting.attach(chronos);
      chronos.submit(JobRequest.builder().name("p").handler("nobody").build());
      counting.refreshJobCounts();
      counting.bindTo(registry);
      assertThat(jobs(JobStatus.PENDING)).isEqualTo(1.0);

      server.stop();
      assertThatThrownBy(counting::refreshJobCounts).isInstanceOf(StoreUnavailableException.class);
      assertThat(jobs(JobStatus.PENDING)).isEqualTo(1.0);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          registry
                              .get("chronos.jobs.counts.age")
                              .timeGauge()
                              .value(TimeUnit.MILLISECONDS))
                      .isGreaterThan(0.0));
      counting.close();
    } finally {
      server.stop();
    }
  }

  @Test
  void an_outcome_the_store_cannot_take_is_counted_unrecorded_until_the_store_is_back()
      throws Exception {
    Server[] server = {
      Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start()
    };
    int port = server[0].getPort();
    try {
      metrics = ChronosMetrics.builder().jobCountsInterval(Duration.ZERO).build();
      chronos =
          Chronos.builder()
              .store(
                  JdbcJobStore.builder()
                      .jdbcUrl("jdbc:h2:tcp://127.0.0.1:" + port + "/outage", "sa", "")
                      // Room for the first connection and the migrations on a loaded machine.
                      .connectionTimeout(Duration.ofSeconds(5))
                      .build())
              .handler(
                  "cut",
                  ctx -> {
                    server[0].stop(); // the store goes away while the attempt runs
                    return "done";
                  })
              .listener(metrics)
              .build();
      metrics.attach(chronos).bindTo(registry);
      chronos.start();
      UUID id = submit("cut", 0, 30);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(registry.get("chronos.outcomes.unrecorded").gauge().value())
                      .isEqualTo(1.0));
      assertThat(timerCount("cut", "completed")).isZero();

      server[0] =
          Server.createTcpServer(
                  "-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir", dir.toString())
              .start();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(registry.get("chronos.outcomes.unrecorded").gauge().value()).isZero();
                assertThat(timerCount("cut", "completed")).isEqualTo(1);
              });
      assertThat(chronos.job(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    } finally {
      if (chronos != null) {
        chronos.close();
        chronos = null;
      }
      server[0].stop();
    }
  }

  @Test
  void a_handler_that_ignores_its_timeout_is_timed_out_and_its_thread_counted_as_abandoned() {
    start(Duration.ZERO);
    submit("stubborn", 0, 1);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(timerCount("stubborn", "timed_out")).isEqualTo(1);
              assertThat(registry.get("chronos.threads.abandoned").gauge().value()).isEqualTo(1.0);
            });
    Timer timedOut =
        registry
            .get("chronos.attempts")
            .tags("handler", "stubborn", "outcome", "timed_out")
            .timer();
    assertThat(timedOut.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1000.0);

    release.countDown();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(registry.get("chronos.threads.abandoned").gauge().value()).isZero());
    // Its late result is ignored: still one attempt, timed out.
    assertThat(timerCount("stubborn", "completed")).isZero();
  }
}
