package dev.chronos.internal;

import dev.chronos.spi.DueJob;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Loads jobs this node can deliver that fall due within the look-ahead window into the {@link
 * DueQueue}: jobs submitted on other nodes, retries scheduled elsewhere, jobs left from before a
 * restart. Jobs submitted here are queued directly and do not wait for it. Runs on the {@code
 * chronos-feeder} loop (or in a test's step).
 *
 * <p>Incremental reads: on a store that {@link JobStore#announcesDueJobs() announces} every job it
 * makes runnable (PostgreSQL), a read covers only what entered the window since the last one (due
 * from the last read's horizon on), or, after a wake-up, from the earliest due time the wake-up
 * named ({@link #signalled}). The whole window is read again at the first read, when the selector
 * changed (a handler paused or resumed), when the queue dropped a job (full, or cleared), after a
 * failed read, after a wake-up that did not say what became due, while the lane's claims meet other
 * nodes' (every poll interval, so that the queue forgets jobs others claimed), and at least every
 * {@link #FULL_READ_EVERY} poll intervals whatever happened (a claim another node rolled back
 * leaves a job runnable that nobody announces). Other stores are read whole at every poll.
 *
 * <p>Every read also forgets queued jobs it shows to be no longer runnable (claimed by another
 * node, cancelled) in the range it covered, if they were queued before the read began ({@link
 * DueQueue#forgetMissing}), and does not queue again a job the dispatcher took while the read was
 * on its way ({@link DueQueue#offerRead}): it may have been claimed after the read saw it.
 *
 * <p>Threads: {@link #loadOnce} runs on one thread at a time (the feeder loop, or a test); {@link
 * #signalled} and {@link #readAllNext} may be called from any thread (the store's listener).
 */
final class Feeder {
  private static final Logger log = Loggers.DISPATCHER;

  /** The most poll intervals between two reads of the whole window on an announcing store. */
  static final int FULL_READ_EVERY = 10;

  private final JobStore store;
  private final Clock clock;

  /** Which jobs to load, read at every load: handlers paused on this node are left out. */
  private final Supplier<JobSelector> selector;

  private final Duration lookahead;
  private final Duration pollInterval;
  private final DueQueue queue;
  private final StoreHealth health;

  /** Whether the lane's claims currently meet other nodes' ({@link ClaimSpread#contended()}). */
  private final BooleanSupplier contended;

  private final AtomicBoolean warnedFull = new AtomicBoolean();

  /** The earliest due time named by a wake-up since the last read began, or null. */
  private final AtomicReference<Instant> signalled = new AtomicReference<>();

  /** Set by a wake-up that did not say what became due; read and cleared by a read. */
  private final AtomicBoolean readAll = new AtomicBoolean(true);

  // Only the reading thread:
  /** Every runnable job due before this was read (the next read starts there); null: read all. */
  private Instant readTo;

  private JobSelector lastSelector;
  private long droppedSeen;
  private Instant lastFullRead;

  Feeder(
      JobStore store,
      Clock clock,
      Supplier<JobSelector> selector,
      Duration lookahead,
      Duration pollInterval,
      DueQueue queue,
      StoreHealth health,
      BooleanSupplier contended) {
    this.store = store;
    this.clock = clock;
    this.selector = selector;
    this.lookahead = lookahead;
    this.pollInterval = pollInterval;
    this.queue = queue;
    this.health = health;
    this.contended = contended;
  }

  /** A wake-up said that jobs this feeder reads became due at {@code runAt} or later. */
  void signalled(Instant runAt) {
    signalled.accumulateAndGet(runAt, (a, b) -> a == null || b.isBefore(a) ? b : a);
  }

  /** The next read covers the whole window (a wake-up that did not say what became due). */
  void readAllNext() {
    readAll.set(true);
  }

  /**
   * Loads what is due in the window (all of it, or what is new; see the class comment). Jobs
   * already queued are skipped; when the queue is full of earlier jobs the rest wait in the store,
   * and the queue wakes the feeder again once it has drained to half.
   */
  void loadOnce() {
    JobSelector selector = this.selector.get();
    if (selector.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Instant horizon = now.plus(lookahead);
    Instant signal = signalled.getAndSet(null);
    boolean all = readAll.getAndSet(false);
    Instant from = all ? null : from(selector, now, signal);
    long dropped = queue.dropped();
    int limit = queue.maxSize();
    long stamp = queue.beginRead();
    try {
      load(selector, now, horizon, from, dropped, limit, stamp);
    } finally {
      queue.endRead();
    }
  }

  private void load(
      JobSelector selector,
      Instant now,
      Instant horizon,
      Instant from,
      long dropped,
      int limit,
      long stamp) {
    List<DueJob> due;
    try {
      // Earliest first: a full queue's worth covers everything the queue could take.
      due =
          from == null
              ? store.findDue(selector, horizon, limit)
              : store.findDue(selector, from, horizon, limit);
      health.ok();
    } catch (RuntimeException e) {
      readAll.set(true);
      health.failed("loading due jobs", e);
      throw e;
    }
    if (from == null) {
      lastFullRead = now;
      lastSelector = selector;
    }
    droppedSeen = dropped;
    boolean cut = due.size() >= limit;
    Instant coveredTo = cut ? due.get(due.size() - 1).runAt() : horizon;
    Set<java.util.UUID> present = new HashSet<>(due.size() * 2);
    for (DueJob job : due) {
      present.add(job.id());
    }
    queue.forgetMissing(present, from, coveredTo, !cut, stamp);
    // The next read starts where this one's certainty ends (the last due time of a cut read is
    // read again, with the jobs after the cut).
    readTo = coveredTo;
    for (DueJob job : due) {
      if (!queue.offerRead(job.id(), job.runAt())) {
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
    if (cut) {
      // The read was cut at the limit: read again as soon as the dispatcher has made room.
      queue.expectMore();
    }
  }

  /** Where an incremental read starts, or null when the whole window must be read. */
  private Instant from(JobSelector selector, Instant now, Instant signal) {
    if (!store.announcesDueJobs() // asked at every read: a store may stop announcing for a while
        || readTo == null
        || !selector.equals(lastSelector)
        || queue.dropped() != droppedSeen
        || !now.isBefore(lastFullRead.plus(pollInterval.multipliedBy(FULL_READ_EVERY)))
        || (contended.getAsBoolean() && !now.isBefore(lastFullRead.plus(pollInterval)))) {
      return null;
    }
    return signal != null && signal.isBefore(readTo) ? signal : readTo;
  }
}
