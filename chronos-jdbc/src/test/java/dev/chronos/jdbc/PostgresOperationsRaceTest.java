package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Chronos;
import dev.chronos.ClaimedJob;
import dev.chronos.DelayUnit;
import dev.chronos.Execution;
import dev.chronos.ExecutionTrigger;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStateConflictException;
import dev.chronos.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Operations by hand raced by two nodes through the public API, each node with a pool of its own on
 * one PostgreSQL database: one wins, the other gets the API's typed conflict.
 */
class PostgresOperationsRaceTest {
  private String prefix;
  private final List<Chronos> nodes = new ArrayList<>();

  @BeforeEach
  void database() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
    nodes.add(node("node-a"));
    nodes.add(node("node-b"));
  }

  @AfterEach
  void stop() {
    nodes.forEach(Chronos::close);
    PostgresDatabase.drop(prefix);
  }

  private Chronos node(String id) {
    return Chronos.builder()
        .nodeId(id)
        .store(
            JdbcJobStore.builder()
                .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                .tablePrefix(prefix)
                .maxPoolSize(2)
                .build())
        .build();
  }

  /** Both nodes call the operation at once; the results (a job or the exception) by node. */
  private List<Object> race(Function<Chronos, Job> operation) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Object>> results = new ArrayList<>();
      for (Chronos node : nodes) {
        results.add(
            threads.submit(
                () -> {
                  go.await();
                  try {
                    return operation.apply(node);
                  } catch (RuntimeException e) {
                    return e;
                  }
                }));
      }
      go.countDown();
      List<Object> out = new ArrayList<>();
      for (Future<Object> f : results) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      threads.shutdownNow();
    }
  }

  private static void oneWinnerOneConflict(List<Object> results) {
    assertThat(results).filteredOn(r -> r instanceof Job).hasSize(1);
    assertThat(results)
        .filteredOn(r -> r instanceof JobStateConflictException)
        .singleElement()
        .satisfies(e -> assertThat(((JobStateConflictException) e).code()).isEqualTo("conflict"));
  }

  @RepeatedTest(3)
  void two_nodes_retrying_one_failed_job_give_one_manual_attempt() throws Exception {
    Chronos a = nodes.get(0);
    Job job = a.submit(JobRequest.builder().name("charge").handler("remote").maxRetries(0).build());
    ClaimedJob claimed = a.pull().claim(Set.of("remote"), 1, Duration.ZERO).get(0);
    a.pull().fail(claimed, "card declined", false);

    oneWinnerOneConflict(race(node -> node.retry(job.id())));

    ClaimedJob again = nodes.get(1).pull().claim(Set.of("remote"), 1, Duration.ZERO).get(0);
    nodes.get(1).pull().complete(again, "charged");
    assertThat(a.executions(job.id()))
        .extracting(Execution::trigger)
        .containsExactly(ExecutionTrigger.SUBMIT, ExecutionTrigger.MANUAL);
  }

  @RepeatedTest(3)
  void two_nodes_running_one_job_now_give_one_winner() throws Exception {
    Job job =
        nodes
            .get(0)
            .submit(
                JobRequest.builder()
                    .name("later")
                    .handler("remote")
                    .delay(1, DelayUnit.DAY)
                    .build());

    oneWinnerOneConflict(race(node -> node.runNow(job.id())));

    assertThat(nodes.get(1).job(job.id()).orElseThrow().runAt()).isBefore(job.runAt());
  }

  @RepeatedTest(3)
  void cancel_all_from_two_nodes_cancels_each_job_once() throws Exception {
    for (int i = 0; i < 150; i++) {
      nodes
          .get(0)
          .submit(
              JobRequest.builder()
                  .name("c" + i)
                  .handler("remote")
                  .delay(1, DelayUnit.HOUR)
                  .build());
    }

    List<Long> counts = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> futures = new ArrayList<>();
      for (Chronos node : nodes) {
        futures.add(
            threads.submit(
                () -> {
                  go.await();
                  return node.cancelAll(JobQuery.builder().handler("remote").build());
                }));
      }
      go.countDown();
      for (Future<Long> f : futures) {
        counts.add(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(counts.get(0) + counts.get(1)).isEqualTo(150);
    assertThat(nodes.get(0).jobs(JobQuery.builder().statuses(JobStatus.CANCELLED).build()).total())
        .isEqualTo(150);
  }
}
