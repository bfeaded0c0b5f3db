package dev.chronos.internal;

import dev.chronos.Delivery;
import dev.chronos.JobHandler;
import dev.chronos.spi.Attempt;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One claimed attempt on its way through a lane, with its state in one place: {@link State#WAITING}
 * (claimed, waiting for a slot) → {@link State#STARTED} (its handler or push request began) →
 * {@link State#ENDED} (whoever ended it handed its outcome to the recorder). Only {@link #start}
 * and {@link #end} advance it, each by one compare-and-set, so exactly one of the handler, the push
 * answer, the deadline and shutdown ends an attempt, and the one that does knows whether it had
 * started. It is also the entry of the lane's deadline queue. Thread-safe.
 */
final class AttemptRun {
  /** Where an attempt is. */
  enum State {
    /** Claimed; waiting for a slot. */
    WAITING,
    /** Its handler or push request began. */
    STARTED,
    /** Its outcome was handed to the recorder; nothing changes it any more. */
    ENDED
  }

  final Attempt attempt;

  /** The handler, for a handler attempt; null for push (or when this node has none). */
  final JobHandler handler;

  /**
   * When the attempt times out. Changed only by {@link Dispatcher#extendDeadline}, while the
   * attempt is out of the lane's {@link Deadlines} (whose order depends on it) and under {@link
   * #extending}.
   */
  volatile Instant deadline;

  /** Held while the deadline is being extended, so two extensions of one attempt do not mix. */
  final Object extending = new Object();

  final boolean push;

  /** Whether this attempt holds one of the lane's slots; set by whoever hands it one. */
  final AtomicBoolean slot = new AtomicBoolean();

  private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

  /** The thread inside the handler; guarded by {@code this}. */
  private Thread thread;

  /** The push request in flight; guarded by {@code this}. */
  private PushSender.Call call;

  /** Whether its deadline left the handler's thread behind, still inside; guarded by this. */
  private boolean abandoned;

  /** What the handler threw, for the log once the store has said whether the job retries. */
  volatile Throwable failure;

  /**
   * The job and execution after the handler completed the attempt in its own transaction ({@link
   * dev.chronos.JobContext#complete}), as that transaction wrote them: in effect only if it
   * committed. Null until then.
   */
  volatile dev.chronos.spi.Attempt completedInTransaction;

  AttemptRun(Attempt attempt, JobHandler handler, Instant deadline) {
    this.attempt = attempt;
    this.handler = handler;
    this.deadline = deadline;
    this.push = attempt.job().delivery() instanceof Delivery.Push;
  }

  UUID executionId() {
    return attempt.execution().id();
  }

  State state() {
    return state.get();
  }

  boolean ended() {
    return state.get() == State.ENDED;
  }

  /**
   * Starts the attempt: {@code WAITING → STARTED}.
   *
   * @param onThread the thread about to run the handler, or null for a push request
   * @return false if it had ended already (its deadline passed, shutdown released it)
   */
  synchronized boolean start(Thread onThread) {
    if (!state.compareAndSet(State.WAITING, State.STARTED)) {
      return false;
    }
    thread = onThread;
    return true;
  }

  /**
   * Ends the attempt, from whichever state it is in but {@code ENDED}.
   *
   * @return the state it ended from, or null if something else ended it first
   */
  State end() {
    while (true) {
      State now = state.get();
      if (now == State.ENDED) {
        return null;
      }
      if (state.compareAndSet(now, State.ENDED)) {
        return now;
      }
    }
  }

  /**
   * The handler returned or threw: forgets its thread.
   *
   * @return whether the thread had been counted as abandoned
   */
  synchronized boolean leftHandler() {
    thread = null;
    return abandoned;
  }

  /**
   * Counts the handler's thread as abandoned if it is still inside the handler.
   *
   * @return the thread, or null if no handler thread is inside
   */
  synchronized Thread abandon() {
    if (thread != null) {
      abandoned = true;
    }
    return thread;
  }

  /** Remembers the push request, so that {@link #interrupt()} can abandon it. */
  void attach(PushSender.Call pushCall) {
    synchronized (this) {
      call = pushCall;
    }
    if (ended()) {
      pushCall.cancel();
    }
  }

  /** Interrupts the handler's thread, or abandons the push request. */
  void interrupt() {
    PushSender.Call c;
    synchronized (this) {
      if (thread != null) {
        thread.interrupt();
      }
      c = call;
    }
    if (c != null) {
      c.cancel();
    }
  }
}
