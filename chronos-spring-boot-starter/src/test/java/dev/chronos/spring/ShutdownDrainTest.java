package dev.chronos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.jdbc.JdbcJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Closing the application context drains the node while the DataSource is still open: an attempt
 * that ends within {@code chronos.shutdown-timeout} completes and is recorded, one that does not is
 * interrupted and handed back to the store, and only then does Spring close the pool.
 */
class ShutdownDrainTest {
  @TempDir Path dir;

  static final CountDownLatch STARTED = new CountDownLatch(2);
  static final CountDownLatch NEVER = new CountDownLatch(1);

  /** Lets the drainable handler finish; counted down only once the context has begun to close. */
  static final CountDownLatch CLOSING = new CountDownLatch(1);

  /** Two handlers: one that finishes within the drain, one that waits to be interrupted. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class DrainApp {
    @Bean
    Work work() {
      return new Work();
    }
  }

  static class Work {
    @ChronosHandler("drainable")
    String drainable() throws InterruptedException {
      STARTED.countDown();
      // Work that is still running when the context begins to close, and ends within the drain.
      if (!CLOSING.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the context did not begin to close");
      }
      return "drained";
    }

    @ChronosHandler("stubborn")
    String stubborn() throws InterruptedException {
      STARTED.countDown();
      NEVER.await(); // ends only when the node interrupts it
      return "unreachable";
    }
  }

  @Test
  void closing_the_context_drains_then_hands_back_before_the_data_source_closes() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("drain") + ";DB_CLOSE_DELAY=0";
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(DrainApp.class)
            .web(WebApplicationType.NONE)
            .properties(
                "spring.datasource.url=" + url,
                "spring.datasource.username=sa",
                "chronos.shutdown-timeout=4s",
                "spring.lifecycle.timeout-per-shutdown-phase=30s")
            .run();
    Chronos chronos = context.getBean(Chronos.class);
    UUID drainable =
        chronos.submit(JobRequest.builder().name("d").handler("drainable").build()).id();
    UUID stubborn =
        chronos
            .submit(JobRequest.builder().name("s").handler("stubborn").maxRetries(0).build())
            .id();
    assertThat(STARTED.await(30, TimeUnit.SECONDS)).isTrue();

    Thread closing = new Thread(context::close, "test-close");
    closing.start();
    // The context counts as closed from the first step of its close, before the node stops: the
    // drainable handler ends only after that, so the drain has to wait for it.
    await().atMost(Duration.ofSeconds(30)).until(context::isClosed);
    CLOSING.countDown();
    closing.join(Duration.ofSeconds(60).toMillis());
    assertThat(closing.isAlive()).as("context closed").isFalse();

    // The context's pool is closed now; read what the node left with a store of our own.
    try (JdbcJobStore store = JdbcJobStore.builder().jdbcUrl(url, "sa", "").build()) {
      Job done = store.find(drainable).orElseThrow();
      assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(store.executions(drainable))
          .extracting(Execution::status)
          .containsExactly(ExecutionStatus.COMPLETED);
      assertThat(store.executions(drainable).get(0).result().asText()).isEqualTo("drained");

      // Handed back: runnable again at once, and the release did not use its only attempt up.
      Job back = store.find(stubborn).orElseThrow();
      assertThat(back.status()).isEqualTo(JobStatus.RETRYING);
      List<Execution> runs = store.executions(stubborn);
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(runs.get(0).error()).contains("shut down");
      assertThat(back.runAt()).isBeforeOrEqualTo(runs.get(0).finishedAt());
    }
  }
}
