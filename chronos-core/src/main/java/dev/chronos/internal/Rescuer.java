package dev.chronos.internal;

import dev.chronos.Execution;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.ExpiredLease;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Ends executions whose lease ran out without an answer (their node died, their worker vanished):
 * each becomes {@code TIMED_OUT} and its job is retried or failed by its retries. Any node may
 * rescue any execution; the store's fencing lets exactly one of them win. Runs on the {@code
 * chronos-rescuer} loop (or in a test's step), which also retries outcomes the store could not take
 * during an outage, independently of the rescue.
 */
final class Rescuer {
  private static final Logger log = Loggers.RESCUER;
  private static final int BATCH = 100;
  private static final int RECONCILE_LIMIT = 10_000;
  private static final Duration RECONCILE_PATIENCE = Duration.ofSeconds(10);

  private final JobStore store;
  private final Clock clock;
  private final List<Dispatcher> lanes;
  private final Dispatcher dispatcher;
  private final StoreHealth health;
  private final String nodeId;
  private final ClaimFence fence;
  private final Set<UUID> nodePullClaims;

  /** Whether the store answered again after an outage since the last reconcile. */
  private final AtomicBoolean reconcileDue = new AtomicBoolean();

  /**
   * @param lanes the node's dispatchers; the first one's backoff and requeueing serve all
   * @param nodePullClaims executions held by pull workers named as the node
   */
  Rescuer(
      JobStore store,
      Clock clock,
      List<Dispatcher> lanes,
      StoreHealth health,
      String nodeId,
      ClaimFence fence,
      Set<UUID> nodePullClaims) {
    this.store = store;
    this.clock = clock;
    this.lanes = List.copyOf(lanes);
    this.dispatcher = lanes.get(0);
    this.health = health;
    this.nodeId = nodeId;
    this.fence = fence;
    this.nodePullClaims = nodePullClaims;
  }

  /** Asks the next round to reconcile (the store answers again after an outage). */
  void reconcileSoon() {
    reconcileDue.set(true);
  }

  /**
   * Gives back at once the executions the store records as running on this node that the node does
   * not run: claims whose commit happened while their reply was lost in an outage. Their jobs would
   * otherwise wait for the whole lease. Returns how many were released.
   */
  int reconcile() {
    int[] released = {0};
    boolean ran =
        fence.reconcile(
            () -> {
              List<Execution> running = store.findRunning(nodeId, RECONCILE_LIMIT);
              Set<UUID> stillRunning = new HashSet<>();
              Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
              for (Execution e : running) {
                stillRunning.add(e.id());
                if (runsHere(e.id()) || nodePullClaims.contains(e.id())) {
                  continue;
                }
                var after =
                    store.finish(
                        ExecutionOutcome.released(
                            e.id(),
                            "released: node "
                                + nodeId
                                + " was not running it when the store answered again after an"
                                + " outage (the reply to its claim was lost)",
                            now),
                        now);
                if (after.isPresent()) {
                  released[0]++;
                  dispatcher.finished(after.get(), null, true);
                }
              }
              if (running.size() < RECONCILE_LIMIT) {
                // Forget claims whose lease ended; with a full page some still running were not
                // read, and forgetting those would let a later reconcile release them.
                nodePullClaims.retainAll(stillRunning);
              }
            },
            RECONCILE_PATIENCE);
    if (!ran) {
      reconcileDue.set(true); // claims kept it waiting: next round
    } else if (released[0] > 0) {
      log.info(
          "Released {} execution(s) the store recorded as running on node {} although it was not"
              + " running them (claims whose reply was lost in the outage)",
          released[0],
          nodeId);
    }
    return released[0];
  }

  private boolean runsHere(UUID executionId) {
    for (Dispatcher lane : lanes) {
      if (lane.runsHere(executionId)) {
        return true;
      }
    }
    return false;
  }

  /** Rescues every expired lease found now. Returns how many executions were ended. */
  int rescueOnce() {
    // Kept outcomes are retried on their own back-off and never keep expired leases from being
    // looked for: a store that refuses one write may well answer the lease query.
    for (Dispatcher lane : lanes) {
      lane.retryUnrecorded();
    }
    try {
      if (reconcileDue.getAndSet(false)) {
        try {
          reconcile();
        } catch (RuntimeException e) {
          reconcileDue.set(true);
          throw e;
        }
      }
      int rescued = 0;
      for (int round = 0; ; round++) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<ExpiredLease> expired = store.findExpiredLeases(now, BATCH);
        for (ExpiredLease lease : expired) {
          if (timedOutHere(lease.executionId())) {
            rescued++;
            continue;
          }
          var after =
              store.finish(
                  ExecutionOutcome.timedOut(
                      lease.executionId(),
                      "lease expired at "
                          + Json.time(lease.leaseExpiresAt())
                          + " without an answer",
                      dispatcher.retryAt(lease.attempt())),
                  now);
          if (after.isPresent()) {
            rescued++;
            dispatcher.finished(after.get(), null);
          }
        }
        health.ok();
        if (expired.size() < BATCH || round >= 100) {
          if (rescued > 0) {
            log.info("Rescued {} execution(s) whose lease had expired", rescued);
          }
          return rescued;
        }
      }
    } catch (RuntimeException e) {
      health.failed("rescuing expired leases", e);
      throw e;
    }
  }

  private boolean timedOutHere(java.util.UUID executionId) {
    for (Dispatcher lane : lanes) {
      if (lane.timeOutIfRunningHere(executionId)) {
        return true;
      }
    }
    return false;
  }
}
