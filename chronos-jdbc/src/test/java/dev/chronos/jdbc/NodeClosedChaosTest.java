package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.Job;
import dev.chronos.jdbc.ChaosNodes.Node;
import dev.chronos.jdbc.ChaosNodes.Tally;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in two JVMs on PostgreSQL (or MariaDB, in the {@code MariaDb} subclass); one is closed
 * gracefully ({@code Chronos.close()}) while its handlers run. Its handlers outlive its shutdown
 * timeout, so it interrupts them and gives their jobs back, and the other node takes them at once:
 * seconds after the close, not the minute their leases would have held them.
 */
@Tag("chaos")
class NodeClosedChaosTest {
  private static final Duration HOLD = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(1);

  /** How soon after the close begins the other node must have taken a job given back. */
  private static final Duration TAKEN_WITHIN = SHUTDOWN_TIMEOUT.plusSeconds(5);

  @TempDir Path dir;
  private ChaosNodes rig;

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
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void the_jobs_of_a_node_closed_while_its_handlers_run_are_taken_by_the_other_node_at_once()
      throws Exception {
    // node-1 fills its four slots before node-2 starts. The two jobs submitted next go to either
    // node: node-2 runs them, or node-1 claims them ahead (it has not seen one of its long jobs end
    // yet, so it expects them to start soon) and they wait there for a slot. Either way node-2
    // has room for its own and for all that node-1 gives back.
    Node closing = rig.start("node-1", 4, SHUTDOWN_TIMEOUT);
    rig.awaitReady(closing);
    List<Job> jobs = new ArrayList<>();
    jobs.addAll(rig.client().submitAll(ChaosNodes.requests("first", 4, HOLD, TIMEOUT)));
    await("node-1 runs the first four jobs")
        .atMost(Duration.ofSeconds(30))
        .until(() -> closing.inProgress() == 4);
    Node taker = rig.start("node-2", 8, SHUTDOWN_TIMEOUT);
    rig.awaitReady(taker);
    List<Job> later = rig.client().submitAll(ChaosNodes.requests("next", 2, HOLD, TIMEOUT));
    jobs.addAll(later);
    await("the next two jobs are claimed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> later.stream().allMatch(j -> !rig.client().executions(j.id()).isEmpty()));

    Instant closedAt = Instant.now();
    closing.close();
    assertThat(closing.awaitExit(Duration.ofSeconds(30))).as("node-1's exit code").isZero();

    rig.awaitCompleted(jobs, Duration.ofSeconds(60), taker);
    Tally tally = rig.assertEveryJobCompletedOnce(jobs, e -> false);

    List<Duration> takenAfterClose = new ArrayList<>();
    List<Duration> takenAfterRelease = new ArrayList<>();
    for (List<Execution> history : tally.executionsByJob().values()) {
      Execution first = history.get(0);
      if (!first.node().equals(closing.id())) {
        assertThat(history).as("a job node-2 claimed").hasSize(1);
        continue;
      }
      assertThat(history).as("a job node-1 claimed").hasSize(2);
      assertThat(first.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(first.error()).startsWith("released");
      Execution next = history.get(1);
      assertThat(next.node()).isEqualTo(taker.id());
      assertThat(next.status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(next.startedAt())
          .as("node-2 takes the job given back by node-1")
          .isBefore(closedAt.plus(TAKEN_WITHIN))
          .isBefore(first.leaseExpiresAt());
      takenAfterClose.add(Duration.between(closedAt, next.startedAt()));
      takenAfterRelease.add(Duration.between(first.finishedAt(), next.startedAt()));
    }
    assertThat(takenAfterClose).as("jobs node-1 gave back").hasSizeBetween(4, 6);
    // node-1's handlers never finished their work (they are interrupted; whether the line saying
    // so is written before node-1's JVM exits is up to the thread scheduler).
    assertThat(closing.count("END")).as("handlers that finished on node-1").isZero();

    System.out.printf(
        "CHAOS %s close: %s given_back=%d interrupted=%d close_ms=%d shutdown_timeout_ms=%d lease_ms=%d"
            + " max_taken_after_close_ms=%d max_taken_after_release_ms=%d%n",
        database().name(),
        tally.figures(),
        takenAfterClose.size(),
        closing.count("INTERRUPTED"),
        closing.closeMillis().orElse(-1L),
        SHUTDOWN_TIMEOUT.toMillis(),
        TIMEOUT.plus(ChaosNodeMain.LEASE_GRACE).toMillis(),
        takenAfterClose.stream().mapToLong(Duration::toMillis).max().orElseThrow(),
        takenAfterRelease.stream().mapToLong(Duration::toMillis).max().orElseThrow());
  }
}
