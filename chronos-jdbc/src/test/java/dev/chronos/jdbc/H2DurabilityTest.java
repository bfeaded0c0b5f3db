package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs in an H2 file survive a restart of the node. */
class H2DurabilityTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.fixed();

  private Chronos node() {
    return Chronos.builder()
        .store(JdbcJobStore.h2(dir))
        .clock(clock)
        .pollInterval(Duration.ofMillis(50))
        .handler("work", ctx -> Map.of("ran", ctx.name()))
        .build()
        .start();
  }

  private static JobRequest.Builder work(String name) {
    return JobRequest.builder().name(name).handler("work");
  }

  private static JobStatus status(Chronos node, Job job) {
    return node.job(job.id()).orElseThrow().status();
  }

  @Test
  void pending_jobs_run_after_a_restart_and_finished_ones_keep_their_history_and_keys() {
    Job done;
    Job fellDue;
    Job later;
    try (Chronos first = node()) {
      done = first.submit(work("done").idempotencyKey("k-done").build());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> status(first, done) == JobStatus.COMPLETED);
      fellDue = first.submit(work("fell due").delay(1, DelayUnit.HOUR).build());
      later = first.submit(work("later").delay(2, DelayUnit.DAY).build());
    }

    clock.advance(Duration.ofHours(2)); // "fell due" falls due while no node runs

    try (Chronos second = node()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> status(second, fellDue) == JobStatus.COMPLETED);
      assertThat(status(second, later)).isEqualTo(JobStatus.PENDING);

      Job stillDone = second.job(done.id()).orElseThrow();
      assertThat(stillDone.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(stillDone.result().get("ran").asText()).isEqualTo("done");
      assertThat(second.executions(done.id())).hasSize(1);
      assertThatThrownBy(() -> second.submit(work("again").idempotencyKey("k-done").build()))
          .isInstanceOfSatisfying(
              IdempotencyKeyConflictException.class,
              e -> assertThat(e.existingJobId()).isEqualTo(done.id()));

      clock.advance(Duration.ofDays(2));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> status(second, later) == JobStatus.COMPLETED);
    }
  }
}
