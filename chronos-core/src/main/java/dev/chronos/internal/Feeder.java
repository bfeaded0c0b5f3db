package dev.chronos.internal;

import dev.chronos.spi.DueJob;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Loads jobs this node can deliver that fall due within the look-ahead window into the {@link
 * DueQueue}: jobs submitted on other nodes, retries scheduled elsewhere, jobs left from before a
 * restart. Jobs submitted here are queued directly and do not wait for it. Runs on the {@code
 * chronos-feeder} loop (or in a test's step).
 */
final class Feeder {
  private static final Logger log = Loggers.DISPATCHER;

  private final JobStore store;
  private final Clock clock;

  /** Which jobs to load, read at every load: handlers paused on this node are left out. */
  private final Supplier<JobSelector> selector;

  private final Duration lookahead;
  private final DueQueue queue;
  private final StoreHealth health;
  private final AtomicBoolean warnedFull = new AtomicBoolean();

  Feeder(
      JobStore store,
      Clock clock,
      Supplier<JobSelector> selector,
      Duration lookahead,
      DueQueue queue,
      StoreHealth health) {
    this.store = store;
    this.clock = clock;
    this.selector = selector;
    this.lookahead = lookahead;
    this.queue = queue;
    this.health = health;
  }

  /**
   * Loads one window. Jobs already queued are skipped; when the queue is full of earlier jobs the
   * rest wait in the store, and the queue wakes the feeder again once it has drained to half.
   */
  void loadOnce() {
    JobSelector selector = this.selector.get();
    if (selector.isEmpty()) {
      return;
    }
    Instant horizon = clock.instant().plus(lookahead);
    List<DueJob> due;
    try {
      // Earliest first: a full queue's worth covers everything the queue could take.
      due = store.findDue(selector, horizon, queue.maxSize());
      health.ok();
    } catch (RuntimeException e) {
      health.failed("loading due jobs", e);
      throw e;
    }
    for (DueJob job : due) {
      if (!queue.offer(job.id(), job.runAt())) {
        if (warnedFull.compareAndSet(false, true)) {
          log.warn(
              "Due-job queue is full ({} jobs); later jobs wait in the store until it drains"
                  + " (raise maxQueueSize or workerThreads if this persists)",
              queue.maxSize());
        }
        return;
      }
    }
    warnedFull.set(false);
    if (due.size() >= queue.maxSize()) {
      // The read was cut at the limit: read again as soon as the dispatcher has made room.
      queue.expectMore();
    }
  }
}
