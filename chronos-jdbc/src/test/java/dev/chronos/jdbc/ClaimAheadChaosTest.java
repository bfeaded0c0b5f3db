package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Job;
import dev.chronos.jdbc.ChaosNodes.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in two JVMs on PostgreSQL (or MariaDB, in the {@code MariaDb} subclass): a node whose
 * slots are all taken by long jobs must leave further long jobs to a node that has free slots, as
 * the dispatcher's claiming ahead promises ("long jobs only when a slot is free, so other nodes can
 * take them").
 */
@Tag("chaos")
class ClaimAheadChaosTest {
  private static final Duration HOLD = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(1);

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
  void long_jobs_a_busy_node_cannot_start_are_left_to_an_idle_node() throws Exception {
    Node busy = rig.start("node-1", 4, SHUTDOWN_TIMEOUT);
    rig.awaitReady(busy);
    rig.client().submitAll(ChaosNodes.requests("first", 4, HOLD, TIMEOUT));
    await("node-1 runs the first four jobs")
        .atMost(Duration.ofSeconds(30))
        .until(() -> busy.inProgress() == 4);
    Node idle = rig.start("node-2", 4, SHUTDOWN_TIMEOUT);
    rig.awaitReady(idle);
    List<Job> later = rig.client().submitAll(ChaosNodes.requests("later", 2, HOLD, TIMEOUT));
    await("the later jobs are claimed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> later.stream().allMatch(j -> !rig.client().executions(j.id()).isEmpty()));

    List<String> claimedBy =
        later.stream().map(j -> rig.client().executions(j.id()).get(0).node()).toList();
    System.out.printf(
        "CHAOS %s claim ahead: long jobs submitted while node-1 was full claimed by %s%n",
        database().name(), claimedBy);
    assertThat(claimedBy)
        .as("who claimed the long jobs node-1 had no free slot for")
        .containsOnly(idle.id());
  }
}
