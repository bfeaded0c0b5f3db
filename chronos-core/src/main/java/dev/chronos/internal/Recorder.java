package dev.chronos.internal;

import dev.chronos.ExecutionStatus;
import dev.chronos.StoreRejectedException;
import dev.chronos.StoreUnavailableException;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * Writes the outcomes of a lane's attempts to the store, as many per transaction as have
 * accumulated, up to {@link #MAX_BATCH} (group commit), on the {@code <lane>-recorder} thread; or,
 * before {@link #start()} and after {@link #stop()}, on the thread that adds the outcome.
 *
 * <p>What a failed write means decides what happens to its outcomes:
 *
 * <ul>
 *   <li>{@link StoreUnavailableException}: the store could not be reached. The outcomes are kept
 *       ({@link #unrecorded()}) and written again by {@link #retryUnrecorded()}, which backs off
 *       from 1 s to {@link #MAX_RETRY_DELAY} while the store keeps failing.
 *   <li>Anything else ({@link dev.chronos.StoreRejectedException} above all): the store answered
 *       and refused something in the batch. The batch is split in halves until every good outcome
 *       is written; an outcome refused on its own is recorded instead as a {@code FAILED} execution
 *       whose error says why its outcome could not be stored ({@link #unstorable}). If even that is
 *       refused the outcome is dropped and logged: the execution's lease ends and the rescuer ends
 *       it as timed out.
 * </ul>
 *
 * <p>Every outcome is handed to the {@link Settled} callback exactly once, when the store took it
 * (or its replacement) or refused it for good; kept outcomes are handed over when they are finally
 * written. Thread-safe.
 */
final class Recorder {
  private static final Logger log = Loggers.DISPATCHER;

  /** The most outcomes written in one transaction. */
  static final int MAX_BATCH = 512;

  /** The longest wait between two tries of outcomes kept during an outage. */
  static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

  private static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
  private static final int MAX_REASON = 1000;

  /** Tells the recorder thread to stop once it has written everything queued before it. */
  private static final ExecutionOutcome STOP =
      ExecutionOutcome.released(new UUID(0, 0), "stop", Instant.EPOCH);

  /** Told once per outcome what became of it. */
  interface Settled {
    /**
     * @param outcome the outcome the lane handed in
     * @param after the job and execution after it was written, or empty if the store did not take
     *     it (the lease had ended, or it was refused for good)
     */
    void settled(ExecutionOutcome outcome, Optional<Attempt> after);
  }

  private final String lane;
  private final JobStore store;
  private final Clock clock;
  private final StoreHealth health;
  private final Settled settled;
  private final Runnable progress;

  private final LinkedBlockingQueue<ExecutionOutcome> queued = new LinkedBlockingQueue<>();

  /** Outcomes queued or being written. */
  private final AtomicInteger pending = new AtomicInteger();

  /** Outcomes kept because the store could not be reached, and how many. */
  private final ConcurrentLinkedQueue<ExecutionOutcome> kept = new ConcurrentLinkedQueue<>();

  private final AtomicInteger keptCount = new AtomicInteger();

  /** One retrier at a time; guards {@code nextRetry} and {@code retryDelay}. */
  private final ReentrantLock retrying = new ReentrantLock();

  private Instant nextRetry = Instant.MIN;
  private Duration retryDelay = FIRST_RETRY_DELAY;

  private volatile Thread thread;

  /**
   * @param lane the thread name prefix
   * @param settled told what became of each outcome
   * @param progress run whenever outcomes left the queue (the lane waits on it for room)
   */
  Recorder(
      String lane,
      JobStore store,
      Clock clock,
      StoreHealth health,
      Settled settled,
      Runnable progress) {
    this.lane = lane;
    this.store = store;
    this.clock = clock;
    this.health = health;
    this.settled = settled;
    this.progress = progress;
  }

  void start() {
    thread = DaemonThreads.start(lane + "-recorder", this::loop);
  }

  /** Queues an outcome; without a recorder thread, writes it now. */
  void add(ExecutionOutcome outcome) {
    pending.incrementAndGet();
    queued.add(outcome);
    if (thread == null) {
      // Added before looking: if stop() ended the thread meanwhile, its final drain or this one
      // writes the outcome.
      drain();
    }
  }

  /** Outcomes queued or being written. */
  int pending() {
    return pending.get();
  }

  /** Outcomes kept because the store could not be reached. */
  int unrecorded() {
    return keptCount.get();
  }

  private void drain() {
    List<ExecutionOutcome> batch = new ArrayList<>();
    queued.drainTo(batch);
    int stops = batch.size();
    batch.removeIf(o -> o == STOP);
    stops -= batch.size();
    pending.addAndGet(-stops);
    for (int i = 0; i < batch.size(); i += MAX_BATCH) {
      List<ExecutionOutcome> part = batch.subList(i, Math.min(batch.size(), i + MAX_BATCH));
      write(part);
      pending.addAndGet(-part.size());
      progress.run();
    }
  }

  private void loop() {
    List<ExecutionOutcome> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        batch.add(queued.take());
      } catch (InterruptedException e) {
        return; // stop() writes what is left
      }
      queued.drainTo(batch, MAX_BATCH - 1);
      int size = batch.size();
      boolean stop = batch.removeIf(o -> o == STOP);
      try {
        if (!batch.isEmpty()) {
          write(batch);
        }
      } catch (Throwable t) {
        log.error("Recording {} outcome(s) failed unexpectedly", batch.size(), t);
      }
      pending.addAndGet(-size);
      progress.run();
      batch.clear();
      if (stop) {
        return;
      }
    }
  }

  /**
   * Writes a batch. Returns false when the store could not be reached: then this batch was kept,
   * and the caller keeps what it has not written yet rather than trying it too.
   */
  private boolean write(List<ExecutionOutcome> batch) {
    List<Optional<Attempt>> after;
    try {
      after = store.finishAll(batch, now());
    } catch (StoreUnavailableException e) {
      health.failed("recording the outcomes of " + batch.size() + " execution(s)", e);
      keep(batch);
      return false;
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        if (e instanceof StoreRejectedException) {
          return recordUnstorable(batch.get(0), e);
        }
        // A failure the store did not classify counts as unavailable (a store without failure
        // classes, or a bug): the outcome is kept and tried again, never turned into a failure.
        health.failed("recording the outcome of execution " + batch.get(0).executionId(), e);
        keep(batch);
        return false;
      }
      // The store refused something in the batch (or failed in a way it did not classify): find
      // which outcome, write the rest.
      int half = batch.size() / 2;
      if (!write(batch.subList(0, half))) {
        keep(batch.subList(half, batch.size()));
        return false;
      }
      return write(batch.subList(half, batch.size()));
    }
    health.ok();
    for (int i = 0; i < batch.size(); i++) {
      settle(batch.get(i), after.get(i));
    }
    return true;
  }

  /** Records an outcome the store refused as a failed execution saying why. */
  private boolean recordUnstorable(ExecutionOutcome outcome, RuntimeException refusal) {
    ExecutionOutcome instead = unstorable(outcome, refusal);
    Optional<Attempt> after;
    try {
      after = store.finishAll(List.of(instead), now()).get(0);
    } catch (StoreUnavailableException e) {
      health.failed("recording the outcome of execution " + outcome.executionId(), e);
      keep(List.of(instead));
      return false;
    } catch (RuntimeException e) {
      log.error(
          "The store refused the outcome of execution {} and also the failure recorded instead;"
              + " the execution stays running until its lease ends and the rescuer ends it",
          outcome.executionId(),
          e);
      settled.settled(outcome, Optional.empty());
      return true;
    }
    log.error(
        "The store refused the {} outcome of execution {}; recorded it as failed instead: {}",
        outcome.status().json(),
        outcome.executionId(),
        instead.error());
    settle(outcome, after);
    return true;
  }

  /**
   * What is recorded instead of an outcome the store refused: a {@code FAILED} execution whose
   * error says why. A completion fails the job for good (its handler succeeded and must not run
   * again because its result could not be stored); any other outcome keeps its retry and release,
   * with the error replaced.
   */
  static ExecutionOutcome unstorable(ExecutionOutcome outcome, Throwable refusal) {
    String reason =
        StoredText.clean(
            "outcome could not be stored (" + outcome.status().json() + "): " + refusal,
            MAX_REASON);
    if (outcome.status() == ExecutionStatus.COMPLETED) {
      return ExecutionOutcome.failed(outcome.executionId(), reason, null);
    }
    return new ExecutionOutcome(
        outcome.executionId(),
        ExecutionStatus.FAILED,
        null,
        reason,
        outcome.httpStatus(),
        outcome.retryAt(),
        outcome.released());
  }

  private void settle(ExecutionOutcome outcome, Optional<Attempt> after) {
    if (after.isEmpty()) {
      log.info(
          "Execution {} no longer held its lease; its outcome ({}) was not recorded",
          outcome.executionId(),
          outcome.status().json());
    }
    try {
      settled.settled(outcome, after);
    } catch (RuntimeException e) {
      log.error("Reporting the outcome of execution {} failed", outcome.executionId(), e);
    }
  }

  private void keep(List<ExecutionOutcome> outcomes) {
    keptCount.addAndGet(outcomes.size());
    kept.addAll(outcomes);
  }

  /**
   * Writes outcomes kept during an outage, unless an earlier try failed less than its back-off ago.
   * Never throws: a store still unreachable doubles the back-off, up to {@link #MAX_RETRY_DELAY}.
   */
  void retryUnrecorded() {
    retryUnrecorded(false);
  }

  /**
   * Writes the kept outcomes now, whatever the back-off (shutdown).
   *
   * @return whether none is left
   */
  boolean retryUnrecordedNow() {
    retryUnrecorded(true);
    return keptCount.get() == 0;
  }

  private void retryUnrecorded(boolean now) {
    if (keptCount.get() == 0 || !retrying.tryLock()) {
      return;
    }
    try {
      Instant t = clock.instant();
      if (!now && t.isBefore(nextRetry)) {
        return;
      }
      while (true) {
        List<ExecutionOutcome> batch = new ArrayList<>();
        ExecutionOutcome outcome;
        while (batch.size() < MAX_BATCH && (outcome = kept.poll()) != null) {
          batch.add(outcome);
        }
        if (batch.isEmpty()) {
          retryDelay = FIRST_RETRY_DELAY;
          return;
        }
        keptCount.addAndGet(-batch.size());
        boolean reached = write(batch);
        progress.run();
        if (!reached) {
          nextRetry = t.plus(retryDelay);
          retryDelay = min(retryDelay.multipliedBy(2), MAX_RETRY_DELAY);
          return;
        }
      }
    } finally {
      retrying.unlock();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Writes everything queued, then stops the recorder thread; later outcomes are written inline.
   */
  void stop() {
    Thread t = thread;
    thread = null;
    if (t != null) {
      pending.incrementAndGet();
      queued.add(STOP); // after what is queued: the thread writes it all, then stops
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      t.interrupt();
    }
    drain();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
