package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.Job;
import dev.chronos.StoreUnavailableException;
import dev.chronos.jdbc.ChaosNodes.Node;
import dev.chronos.jdbc.ChaosNodes.Tally;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in two JVMs on PostgreSQL (or MariaDB, in the {@code MariaDb} subclass); the database
 * is stopped for about 5 s while they run jobs, and started again. The test JVM submits a job every
 * 100 ms throughout, each with its own idempotency key; jobs submitted before the outage fall due
 * during it; handlers run across its start. The private cluster is stopped, never the shared
 * server.
 */
@Tag("chaos")
class DatabaseStoppedChaosTest {
  private static final Duration HOLD = Duration.ofMillis(500);

  /** Long enough that no lease taken before the outage ends during it or soon after. */
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final Duration OUTAGE = Duration.ofSeconds(5);

  /** How soon after the database is back each node must claim again. */
  private static final Duration RESUME_WITHIN = Duration.ofSeconds(10);

  private static final int SPREAD = 40;
  private static final Duration SPREAD_EVERY = Duration.ofMillis(300);

  @TempDir Path dir;
  private ChaosNodes rig;
  private ScheduledExecutorService submitter;

  /** The server the test runs on; {@code MariaDb...} subclasses answer MariaDB. */
  ChaosDatabase database() {
    return PrivatePostgresCluster.DATABASE;
  }

  @BeforeEach
  void startRig() {
    rig = new ChaosNodes(dir, database());
  }

  @AfterEach
  void stopRig() throws Exception {
    try {
      if (submitter != null) {
        submitter.shutdownNow();
        submitter.awaitTermination(10, TimeUnit.SECONDS);
      }
    } finally {
      database().start();
      if (rig != null) {
        rig.close();
      }
    }
  }

  /** One submit of the stream: it returned a job or threw. */
  private record Submit(
      String key, Instant began, Instant ended, Job job, RuntimeException error) {}

  @Test
  void no_job_is_lost_or_completed_twice_across_a_database_outage_and_submits_during_it_fail_typed()
      throws Exception {
    Node first = rig.start("node-1", 4, Duration.ofSeconds(1));
    Node second = rig.start("node-2", 4, Duration.ofSeconds(1));
    rig.awaitReady(first, second);

    // Jobs due one every 300 ms for 12 s from t0: before, during and after the outage (t0 leaves
    // room for a slow submit on a busy machine: a due time already past is refused). The first
    // request built in a JVM loads the JSON mapping, which took seconds on a loaded machine.
    ChaosNodes.request("warm-up", HOLD, TIMEOUT);
    Instant t0 = Instant.now().plusSeconds(5);
    List<Job> accepted = new ArrayList<>();
    accepted.addAll(
        rig.client()
            .submitAll(
                IntStream.range(0, SPREAD)
                    .mapToObj(
                        i ->
                            ChaosNodes.builder("due #" + i, HOLD, TIMEOUT)
                                .scheduledFor(t0.plus(SPREAD_EVERY.multipliedBy(i)))
                                .build())
                    .toList()));

    // A job submitted every 100 ms from the test JVM, before, during and after the outage.
    Queue<Submit> submits = new ConcurrentLinkedQueue<>();
    AtomicInteger sequence = new AtomicInteger();
    submitter = Executors.newSingleThreadScheduledExecutor();
    submitter.scheduleWithFixedDelay(
        () -> submits.add(submitOnce("stream-" + sequence.incrementAndGet())),
        0,
        100,
        TimeUnit.MILLISECONDS);

    await("handlers run when the outage begins")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                Duration.between(t0, Instant.now()).compareTo(Duration.ofSeconds(2)) > 0
                    && first.inProgress() + second.inProgress() >= 2);
    Instant stopBegan = Instant.now();
    database().stop();
    Instant down = Instant.now();
    await("the database has been down " + OUTAGE + " and submits failed meanwhile")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                Duration.between(down, Instant.now()).compareTo(OUTAGE) >= 0
                    && submits.stream().filter(s -> s.began.isAfter(down)).count() >= 2);
    Instant startBegan = Instant.now();
    database().start();
    Instant up = Instant.now();

    await("submits succeed again")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> submits.stream().filter(s -> s.job != null && s.began.isAfter(up)).count() >= 10);
    submitter.shutdown();
    assertThat(submitter.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    // Every submit returned a job or threw StoreUnavailableException, nothing else; those that ran
    // while the database was down all threw.
    List<Submit> all = List.copyOf(submits);
    assertThat(all)
        .filteredOn(s -> s.error != null)
        .allSatisfy(s -> assertThat(s.error).isInstanceOf(StoreUnavailableException.class));
    List<Submit> duringOutage =
        all.stream().filter(s -> s.began.isAfter(down) && s.ended.isBefore(startBegan)).toList();
    assertThat(duringOutage).as("submits while the database was down").isNotEmpty();
    assertThat(duringOutage)
        .as("submits while the database was down")
        .allSatisfy(s -> assertThat(s.error).as("submit %s", s.key).isNotNull());
    all.stream().filter(s -> s.job != null).forEach(s -> accepted.add(s.job));

    rig.awaitCompleted(accepted, Duration.ofSeconds(120), first, second);

    // Checked both ways: every accepted job is stored (and completed once, below), and the store
    // holds nothing else: no job of a submit that threw.
    Map<String, UUID> stored = new HashMap<>();
    rig.jdbi()
        .useHandle(
            h ->
                h.createQuery("SELECT id, idempotency_key FROM " + rig.prefix() + "jobs")
                    .map(
                        (rs, ctx) ->
                            stored.put(
                                rs.getString("idempotency_key") == null
                                    ? rs.getString("id")
                                    : rs.getString("idempotency_key"),
                                UUID.fromString(rs.getString("id"))))
                    .list());
    assertThat(stored.values())
        .as("the stored jobs")
        .containsExactlyInAnyOrderElementsOf(accepted.stream().map(Job::id).toList());
    Set<String> refusedKeys =
        all.stream().filter(s -> s.error != null).map(Submit::key).collect(Collectors.toSet());
    assertThat(stored.keySet())
        .as("keys of submits that threw")
        .doesNotContainAnyElementsOf(refusedKeys);

    Tally tally = rig.assertEveryJobCompletedOnce(accepted, e -> false);

    // Resuming: each node's first claim after the database accepted connections again.
    Map<String, Instant> firstClaimAfter = new HashMap<>();
    tally.executionsByJob().values().stream()
        .flatMap(List::stream)
        .filter(e -> e.startedAt().isAfter(up))
        .forEach(
            e -> firstClaimAfter.merge(e.node(), e.startedAt(), (a, b) -> a.isBefore(b) ? a : b));
    assertThat(firstClaimAfter).containsOnlyKeys(first.id(), second.id());
    long resumeMillis = 0;
    for (Map.Entry<String, Instant> claim : firstClaimAfter.entrySet()) {
      Duration resume = Duration.between(up, claim.getValue());
      assertThat(resume)
          .as("%s claims again after the outage", claim.getKey())
          .isLessThan(RESUME_WITHIN);
      resumeMillis = Math.max(resumeMillis, resume.toMillis());
    }
    Instant firstAcceptedAfter =
        all.stream()
            .filter(s -> s.job != null && s.began.isAfter(startBegan))
            .map(Submit::ended)
            .min(Instant::compareTo)
            .orElseThrow();
    // Jobs that were due before the database came back: how long after it they completed.
    long catchUpMillis =
        tally.executionsByJob().values().stream()
            .flatMap(List::stream)
            .filter(e -> e.status() == ExecutionStatus.COMPLETED)
            .filter(
                e ->
                    accepted.stream()
                        .anyMatch(j -> j.id().equals(e.jobId()) && j.runAt().isBefore(up)))
            .map(Execution::finishedAt)
            .mapToLong(at -> Duration.between(up, at).toMillis())
            .max()
            .orElseThrow();
    // A claim the store committed while the node saw the connection fail: the node runs nothing
    // for it, and its job waits until the lease ends (what reconciling after an outage is to fix).
    Set<UUID> ran =
        rig.runs().stream().map(ChaosNodes.Run::executionId).collect(Collectors.toSet());
    long claimsWaitingOutLease =
        tally.executionsByJob().values().stream()
            .flatMap(List::stream)
            .filter(e -> e.status() == ExecutionStatus.TIMED_OUT && !ran.contains(e.id()))
            .count();

    System.out.printf(
        "CHAOS %s database stopped: %s submits=%d refused=%d refused_while_down=%d outage_ms=%d"
            + " down_ms=%d resume_ms=%d submits_accepted_again_ms=%d catch_up_ms=%d"
            + " claims_that_waited_out_their_lease=%d lease_ms=%d%n",
        database().name(),
        tally.figures(),
        all.size(),
        all.stream().filter(s -> s.error != null).count(),
        duringOutage.size(),
        Duration.between(stopBegan, up).toMillis(),
        Duration.between(down, startBegan).toMillis(),
        resumeMillis,
        Duration.between(up, firstAcceptedAfter).toMillis(),
        catchUpMillis,
        claimsWaitingOutLease,
        TIMEOUT.plus(ChaosNodeMain.LEASE_GRACE).toMillis());
  }

  private Submit submitOnce(String key) {
    Instant began = Instant.now();
    try {
      Job job =
          rig.client().submit(ChaosNodes.builder(key, HOLD, TIMEOUT).idempotencyKey(key).build());
      return new Submit(key, began, Instant.now(), job, null);
    } catch (RuntimeException e) {
      return new Submit(key, began, Instant.now(), null, e);
    }
  }
}
