package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.BackoffPolicy;
import dev.chronos.Chronos;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's first reproduction on PostgreSQL, which refuses U+0000 in text and jsonb: one handler
 * throwing an error with a NUL among 400 jobs once wedged the node (37 successful jobs left
 * running, nothing rescued, over 7,000 log lines in 30 s). Every job must end as it should, none
 * may stay running, and the node must log a bounded number of lines.
 */
class PostgresHandlerTextTest {
  private static final int JOBS = 400;
  private static final int THROWS = 137;
  private static final int NUL_RESULT = 250;

  private final Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
  private String prefix;
  private Chronos node;

  @BeforeEach
  void database() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    PostgresDatabase.drop(prefix);
  }

  @Test
  void a_nul_in_one_handlers_error_or_result_does_not_wedge_the_node_or_flood_the_log() {
    try (LogLines lines = LogLines.capture()) {
      node =
          Chronos.builder()
              .nodeId("nul-node")
              .store(
                  JdbcJobStore.builder()
                      .jdbcUrl(
                          PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                      .tablePrefix(prefix)
                      .maxPoolSize(4)
                      .build())
              .workerThreads(16)
              .pollInterval(Duration.ofMillis(200))
              .leaseGrace(Duration.ofSeconds(1))
              .backoff(
                  BackoffPolicy.exponential(
                      Duration.ofMillis(100), Duration.ofMillis(400), new Random(7)))
              .handler(
                  "work",
                  ctx -> {
                    int n = ctx.payload().get("n").asInt();
                    runs.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                    if (n == THROWS) {
                      throw new IllegalArgumentException("bad byte \u0000");
                    }
                    return n == NUL_RESULT ? Map.of("text", "bad \u0000 result") : "ok";
                  })
              .build()
              .start();
      List<JobRequest> requests = new ArrayList<>();
      for (int n = 0; n < JOBS; n++) {
        requests.add(
            JobRequest.builder()
                .name("job " + n)
                .handler("work")
                .payload(Map.of("n", n))
                .timeoutSeconds(1)
                .build());
      }
      List<Job> jobs = node.submitAll(requests);

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count(JobStatus.COMPLETED) == JOBS - 1 && count(JobStatus.FAILED) == 1);

      assertThat(count(JobStatus.RUNNING)).isZero();
      assertThat(count(JobStatus.PENDING) + count(JobStatus.RETRYING)).isZero();
      // Every job ran; with a 1 s timeout on a busy machine an attempt can now and then reach its
      // deadline, which is a retry as documented, but nothing ran again because of the NUL.
      assertThat(runs).hasSize(JOBS);
      assertThat(runs.get(THROWS)).hasValue(4);
      int executions = 0;
      for (Job job : jobs) {
        List<Execution> history = node.executions(job.id());
        assertThat(history).noneMatch(e -> e.status() == ExecutionStatus.RUNNING);
        executions += history.size();
      }
      Job failed = node.job(jobs.get(THROWS).id()).orElseThrow();
      assertThat(failed.lastError())
          .startsWith("java.lang.IllegalArgumentException: bad byte \uFFFD\n\tat ");
      assertThat(node.executions(failed.id()))
          .filteredOn(e -> e.error().startsWith("java.lang.IllegalArgumentException: bad byte"))
          .isNotEmpty();
      Job nulResult = node.job(jobs.get(NUL_RESULT).id()).orElseThrow();
      assertThat(nulResult.result().get("text").asText()).isEqualTo("bad \uFFFD result");
      // A line per schema migration applied, the start line, three retries and the final failure,
      // and a line or two for each attempt that reached its 1 s deadline on a busy machine;
      // nothing about the store.
      int extraAttempts = executions - JOBS - 3;
      assertThat(lines.records())
          .hasSizeLessThanOrEqualTo(
              dev.chronos.jdbc.internal.Migrations.count() + 5 + 3 * extraAttempts);
      assertThat(lines.records()).noneMatch(r -> r.contains("dev.chronos.store"));
    }
  }

  private long count(JobStatus status) {
    return node.jobs(JobQuery.builder().statuses(status).size(1).build()).total();
  }
}
