package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incremental feeder on PostgreSQL: a node that polls once an hour reads only what a wake-up
 * names (from its due time on), yet a job put into the window it has already read, by another node
 * or by itself, runs on time and once. A job made due without a NOTIFY shows that a named wake-up
 * did not read the whole window, and that a wake-up that names nothing does.
 */
class PostgresIncrementalFeederTest {
  private String prefix;
  private final List<Chronos> nodes = new ArrayList<>();

  /** When each job's handler started, and how often. */
  private final Map<UUID, List<Instant>> starts = new ConcurrentHashMap<>();

  @BeforeEach
  void database() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
  }

  @AfterEach
  void stop() {
    nodes.forEach(Chronos::close);
    PostgresDatabase.drop(prefix);
  }

  private Chronos node(String id, boolean works) {
    var builder =
        Chronos.builder()
            .nodeId(id)
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                    .tablePrefix(prefix)
                    .maxPoolSize(4)
                    .build())
            .workerThreads(2)
            // Polls once an hour (a whole-window read at most every 10 hours): only wake-ups and
            // this node's own submits bring jobs within the test's time.
            .pollInterval(Duration.ofHours(1));
    if (works) {
      builder.handler(
          "work",
          ctx ->
              starts
                  .computeIfAbsent(
                      ctx.jobId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                  .add(Instant.now()));
    }
    Chronos node = builder.build().start();
    nodes.add(node);
    return node;
  }

  /** Submits a warm-up job from the other node until the worker ran one: it listens. */
  private void awaitListening(Chronos submitter) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              submitter.submit(JobRequest.builder().name("warm-up").handler("work").build());
              return !starts.isEmpty();
            });
  }

  private void assertRanOnceOnTime(Job job) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(starts.get(job.id())).isNotNull().hasSize(1));
    Instant started = starts.get(job.id()).get(0);
    assertThat(started).isAfterOrEqualTo(job.runAt());
    // Generous on a loaded machine; an hour's poll would be the bound if the wake-up were missed.
    assertThat(Duration.between(job.runAt(), started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void jobs_put_into_the_window_already_read_run_on_time_and_once() {
    Chronos worker = node("worker", true);
    Chronos submitter = node("submitter", false);
    awaitListening(submitter);

    // Both due within the worker's look-ahead, which its last read already covered.
    Job fromOtherNode =
        submitter.submit(
            JobRequest.builder()
                .name("from another node")
                .handler("work")
                .scheduledFor(Instant.now().plusSeconds(3))
                .build());
    Job fromThisNode =
        worker.submit(
            JobRequest.builder()
                .name("from this node")
                .handler("work")
                .scheduledFor(Instant.now().plusSeconds(4))
                .build());

    assertRanOnceOnTime(fromOtherNode);
    assertRanOnceOnTime(fromThisNode);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> worker.job(fromThisNode.id()).orElseThrow().status() == JobStatus.COMPLETED);
    assertThat(executions(fromOtherNode.id())).isEqualTo(1);
    assertThat(executions(fromThisNode.id())).isEqualTo(1);
  }

  @Test
  void a_wake_up_reads_from_the_due_time_it_names_and_one_that_names_nothing_reads_everything() {
    Chronos worker = node("worker", true);
    Chronos submitter = node("submitter", false);
    awaitListening(submitter);
    Jdbi jdbi = Jdbi.create(PostgresDatabase.dataSource());

    // Made due within the window behind the store's back (no NOTIFY): due in a second.
    Job silent =
        submitter.submit(
            JobRequest.builder()
                .name("silent")
                .handler("work")
                .scheduledFor(Instant.now().plus(Duration.ofDays(2)))
                .build());
    Instant silentRunAt = Instant.now().plusSeconds(1);
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE " + prefix + "jobs SET run_at = :runAt WHERE id = :id")
                .bind("runAt", silentRunAt)
                .bind("id", silent.id())
                .execute());
    // Announced, due after it: the wake-up reads from this job's due time on.
    Job announced =
        submitter.submit(
            JobRequest.builder()
                .name("announced")
                .handler("work")
                .scheduledFor(Instant.now().plusSeconds(2))
                .build());

    assertRanOnceOnTime(announced);
    assertThat(starts).doesNotContainKey(silent.id());
    assertThat(submitter.job(silent.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

    // A wake-up that names nothing (what an earlier version sends) reads the whole window.
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT pg_notify(:channel, '')")
                .bind("channel", prefix + "jobs_due")
                .mapTo(String.class)
                .one());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(starts.get(silent.id())).isNotNull().hasSize(1));
    assertThat(starts.get(announced.id())).hasSize(1);
    assertThat(executions(silent.id())).isEqualTo(1);
  }

  private long executions(UUID jobId) {
    return Jdbi.create(PostgresDatabase.dataSource())
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM " + prefix + "executions WHERE job_id = :id")
                    .bind("id", jobId)
                    .mapTo(Long.class)
                    .one());
  }
}
