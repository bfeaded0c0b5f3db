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
 * Two nodes in two JVMs on PostgreSQL (or MariaDB, in the {@code MariaDb} subclass); one is killed
 * with SIGKILL ({@code kill -9}) while its handlers run. Its orphaned attempts can only come back
 * through the rescue of their expired leases (timeout + grace after their claim), which the
 * survivor does within its poll interval.
 */
@Tag("chaos")
class NodeKilledChaosTest {
  // Few and short enough that the survivor has worked off its own share before the orphans'
  // leases end, so that what is measured is the rescue, not the survivor's queue.
  private static final int JOBS = 40;
  private static final Duration HOLD = Duration.ofMillis(500);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration LEASE = TIMEOUT.plus(ChaosNodeMain.LEASE_GRACE);

  /** How long after its lease ends an orphan may wait for its next attempt. */
  private static final Duration RERUN_SLACK = Duration.ofSeconds(5);

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
  void
      every_job_completes_exactly_once_and_orphans_of_a_killed_node_run_again_right_after_their_lease()
          throws Exception {
    Node victim = rig.start("node-1", 4, Duration.ofSeconds(1));
    Node survivor = rig.start("node-2", 4, Duration.ofSeconds(1));
    rig.awaitReady(victim, survivor);

    List<Job> jobs = rig.client().submitAll(ChaosNodes.requests("killed", JOBS, HOLD, TIMEOUT));

    await("the store holds completions of the victim, which runs other jobs")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .failFast("every job completed before the victim was busy", () -> rig.completed() == JOBS)
        .until(() -> rig.completedOn(victim) >= 2 && victim.inProgress() >= 2);
    Instant killedAt = Instant.now();
    victim.kill();

    rig.awaitCompleted(jobs, Duration.ofSeconds(90), survivor);

    // Work done on the victim after its last recorded outcome may be done again: the victim died
    // before it could record it, so the store rescued that attempt as an orphan.
    Tally tally =
        rig.assertEveryJobCompletedOnce(
            jobs,
            e ->
                e.node().equals(victim.id())
                    && e.status() == ExecutionStatus.TIMED_OUT
                    && e.error().startsWith("lease expired"));

    List<Duration> rescuedAfterLease = new ArrayList<>();
    List<Duration> afterLease = new ArrayList<>();
    List<Duration> afterKill = new ArrayList<>();
    for (List<Execution> history : tally.executionsByJob().values()) {
      for (Execution orphan : history) {
        if (!orphan.node().equals(victim.id()) || orphan.status() == ExecutionStatus.COMPLETED) {
          continue;
        }
        assertThat(orphan.status()).as("orphan %s", orphan).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(orphan.error()).as("orphan %s", orphan).startsWith("lease expired");
        Execution next =
            history.stream()
                .filter(e -> e.attempt() == orphan.attempt() + 1)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no attempt after orphan " + orphan));
        assertThat(next.node()).isEqualTo(survivor.id());
        assertThat(next.startedAt())
            .as("the next attempt after orphan %s", orphan)
            .isAfter(orphan.leaseExpiresAt())
            .isBefore(orphan.leaseExpiresAt().plus(RERUN_SLACK));
        rescuedAfterLease.add(Duration.between(orphan.leaseExpiresAt(), orphan.finishedAt()));
        afterLease.add(Duration.between(orphan.leaseExpiresAt(), next.startedAt()));
        afterKill.add(Duration.between(killedAt, next.startedAt()));
      }
    }
    assertThat(afterLease).as("orphans of the victim").isNotEmpty();

    System.out.printf(
        "CHAOS %s kill -9: %s orphans=%d victim_runs=%d lease_ms=%d max_rescue_after_lease_ms=%d"
            + " max_rerun_after_lease_ms=%d"
            + " max_rerun_after_kill_ms=%d%n",
        database().name(),
        tally.figures(),
        afterLease.size(),
        victim.count("START"),
        LEASE.toMillis(),
        rescuedAfterLease.stream().mapToLong(Duration::toMillis).max().orElseThrow(),
        afterLease.stream().mapToLong(Duration::toMillis).max().orElseThrow(),
        afterKill.stream().mapToLong(Duration::toMillis).max().orElseThrow());
  }
}
