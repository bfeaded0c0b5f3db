package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Chronos;
import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobStatus;
import dev.chronos.internal.ChronosEngine;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention on PostgreSQL: a backlog of finished jobs is purged by the rescuer loop in batches of
 * 1,000, at most 10 per round, with their executions. Prints how long a round took.
 */
class PostgresRetentionTest {
  private final MutableClock clock = MutableClock.fixed();
  private String prefix;
  private JdbcJobStore store;
  private ChronosEngine chronos;

  @BeforeEach
  void database() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
    store =
        JdbcJobStore.builder()
            .dataSource(PostgresDatabase.dataSource())
            .tablePrefix(prefix)
            .build();
    chronos = (ChronosEngine) Chronos.builder().store(store).clock(clock).nodeId("purger").build();
  }

  @AfterEach
  void stop() {
    chronos.close();
    PostgresDatabase.drop(prefix);
  }

  /** Stores {@code n} jobs that completed at {@code at}, each with one execution. */
  private void completedAt(int n, Instant at) {
    for (int done = 0; done < n; done += 500) {
      List<Job> jobs = new ArrayList<>();
      for (int i = 0; i < Math.min(500, n - done); i++) {
        jobs.add(
            new Job(
                UUID.randomUUID(),
                "default",
                "old",
                "report",
                null,
                JobStatus.PENDING,
                at,
                at,
                at,
                at,
                0,
                0,
                Duration.ofSeconds(30),
                Delivery.pull(),
                "key-" + done + "-" + i,
                null,
                null,
                null));
      }
      store.insertAll(jobs);
      List<Attempt> claimed =
          store.claim(jobs.stream().map(Job::id).toList(), "old-node", at, Duration.ZERO);
      store.finishAll(
          claimed.stream().map(a -> ExecutionOutcome.completed(a.execution().id(), null)).toList(),
          at);
    }
  }

  private long executions() {
    return Jdbi.create(PostgresDatabase.dataSource())
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM " + prefix + "executions")
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void a_backlog_of_finished_jobs_is_purged_in_bounded_batches_over_rounds() {
    completedAt(12_500, clock.instant().minus(Duration.ofDays(8)));
    assertThat(executions()).isEqualTo(12_500);

    long start = System.nanoTime();
    chronos.runDue();
    long firstRound = System.nanoTime() - start;

    assertThat(store.query(JobQuery.all()).total()).isEqualTo(2_500);
    assertThat(executions()).isEqualTo(2_500);
    chronos.runDue();
    assertThat(store.query(JobQuery.all()).total()).isZero();
    assertThat(executions()).isZero();
    System.out.printf(
        "PostgreSQL purge: 10,000 jobs with their executions in 10 batches in %d ms%n",
        firstRound / 1_000_000);
  }
}
