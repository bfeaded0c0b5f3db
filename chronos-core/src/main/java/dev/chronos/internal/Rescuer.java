package dev.chronos.internal;

import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.ExpiredLease;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

  private final JobStore store;
  private final Clock clock;
  private final List<Dispatcher> lanes;
  private final Dispatcher dispatcher;
  private final StoreHealth health;

  /**
   * @param lanes the node's dispatchers; the first one's backoff and requeueing serve all
   */
  Rescuer(JobStore store, Clock clock, List<Dispatcher> lanes, StoreHealth health) {
    this.store = store;
    this.clock = clock;
    this.lanes = List.copyOf(lanes);
    this.dispatcher = lanes.get(0);
    this.health = health;
  }

  /** Rescues every expired lease found now. Returns how many executions were ended. */
  int rescueOnce() {
    // Kept outcomes are retried on their own back-off and never keep expired leases from being
    // looked for: a store that refuses one write may well answer the lease query.
    for (Dispatcher lane : lanes) {
      lane.retryUnrecorded();
    }
    try {
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
