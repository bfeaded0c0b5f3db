package dev.chronos.internal;

import dev.chronos.JobStatus;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished jobs once their retention has passed: completed and cancelled jobs after {@code
 * retention}, failed ones after {@code failedRetention}, with their executions (which frees their
 * idempotency keys). Runs on the rescuer loop, on one node at a time: each node asks for the
 * store's {@value #LEASE} lease at most once a minute, and the holder purges in batches of {@value
 * #BATCH} jobs (one short transaction each), at most {@value #BATCHES_PER_ROUND} batches per round
 * of the loop so that rescuing expired leases never waits long; a backlog is worked off over the
 * following rounds. {@link #purge(Instant)} purges on demand, on the caller's thread, without the
 * lease (concurrent purges delete different jobs).
 *
 * <p>Thread-safe: the loop's state is volatile and written only by the loop.
 */
final class Retention {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.retention");

  static final String LEASE = "purge";
  static final int BATCH = 1_000;
  static final int BATCHES_PER_ROUND = 10;
  static final Duration EVERY = Duration.ofMinutes(1);

  /** Rows of nodes dead for longer than this (and than the retention) are removed. */
  private static final Duration DEAD_NODES_KEPT = Duration.ofDays(1);

  private static final Set<JobStatus> COMPLETED_AND_CANCELLED =
      EnumSet.of(JobStatus.COMPLETED, JobStatus.CANCELLED);
  private static final Set<JobStatus> FAILED = EnumSet.of(JobStatus.FAILED);
  private static final Set<JobStatus> FINISHED =
      EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED);

  private final JobStore store;
  private final Clock clock;
  private final String nodeId;
  private final Duration retention;
  private final Duration failedRetention;
  private final Duration leaseDuration;
  private final Duration every;

  private volatile Instant nextRound = Instant.MIN;
  private volatile boolean holdsLease;

  Retention(
      JobStore store,
      Clock clock,
      String nodeId,
      Duration retention,
      Duration failedRetention,
      Duration pollInterval) {
    this.store = store;
    this.clock = clock;
    this.nodeId = nodeId;
    this.retention = retention;
    this.failedRetention = failedRetention;
    this.every = pollInterval.compareTo(EVERY) > 0 ? pollInterval : EVERY;
    this.leaseDuration = every.multipliedBy(3);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Purges one round if it is time and this node holds (or takes) the purge lease.
   *
   * @return how many jobs were deleted
   */
  int purgeIfDue() {
    Instant now = now();
    if (now.isBefore(nextRound)) {
      return 0;
    }
    nextRound = now.plus(every);
    holdsLease = store.acquireLease(LEASE, nodeId, now, leaseDuration);
    if (!holdsLease) {
      return 0;
    }
    int budget = BATCHES_PER_ROUND;
    Purged done = purge(COMPLETED_AND_CANCELLED, now.minus(retention), budget);
    Purged failed = purge(FAILED, now.minus(failedRetention), budget - done.batches);
    int purged = done.jobs + failed.jobs;
    if (done.more || failed.more) {
      // A backlog: go on at the loop's next round instead of in a minute.
      nextRound = now;
    } else {
      Duration kept = retention.compareTo(DEAD_NODES_KEPT) > 0 ? retention : DEAD_NODES_KEPT;
      store.removeDeadNodes(now.minus(kept));
    }
    if (purged > 0) {
      log.debug(
          "Purged {} finished job(s) past their retention ({} completed or cancelled, {} failed)",
          purged,
          done.jobs,
          failed.jobs);
    }
    return purged;
  }

  private record Purged(int jobs, int batches, boolean more) {}

  private Purged purge(Set<JobStatus> statuses, Instant before, int budget) {
    int jobs = 0;
    int batches = 0;
    while (batches < budget) {
      int n = store.purge(statuses, before, BATCH);
      batches++;
      jobs += n;
      if (n < BATCH) {
        return new Purged(jobs, batches, false);
      }
    }
    return new Purged(jobs, batches, true);
  }

  /**
   * Deletes every finished job last changed before {@code before}, in batches, on this thread.
   *
   * @param before the cut-off
   * @return how many jobs were deleted
   */
  long purge(Instant before) {
    long purged = 0;
    while (true) {
      int n = store.purge(FINISHED, before, BATCH);
      purged += n;
      if (n < BATCH) {
        return purged;
      }
    }
  }

  /** Gives the purge lease back at close, so another node takes over at once. */
  void close() {
    if (holdsLease) {
      holdsLease = false;
      store.releaseLease(LEASE, nodeId);
    }
  }
}
