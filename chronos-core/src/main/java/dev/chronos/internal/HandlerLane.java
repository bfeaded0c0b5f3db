package dev.chronos.internal;

import dev.chronos.spi.ExecutionOutcome;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The handler lane's {@link LaneRunner}: runs each attempt's handler on a {@code chronos-worker-N}
 * thread (or, inline for tests, on the caller's), through {@link HandlerRunner}. A worker that
 * finishes an attempt takes the next waiting one itself, keeping its slot, so a busy lane does not
 * hand work between threads; a worker whose slot the deadline took (a handler that ran too long)
 * leaves at once.
 *
 * <p>Unbounded threads, bounded work: the slots cap how many attempts run; a thread stuck in a
 * handler that ignores interrupts is left behind (see {@link AbandonedThreads}) and a new one
 * serves the next attempt.
 */
final class HandlerLane implements LaneRunner {
  private final HandlerRunner handlers;
  private final Slots slots;
  private final ClaimAhead claimAhead;
  private final Ends ends;
  private final String nodeId;

  /** The worker pool; null when handlers run inline on the caller's thread (tests). */
  private final ExecutorService workers;

  HandlerLane(
      HandlerRunner handlers,
      Slots slots,
      ClaimAhead claimAhead,
      Ends ends,
      String nodeId,
      boolean inline) {
    this.handlers = handlers;
    this.slots = slots;
    this.claimAhead = claimAhead;
    this.ends = ends;
    this.nodeId = nodeId;
    this.workers = inline ? null : DaemonThreads.cachedPool("chronos-worker");
  }

  @Override
  public String refusal(AttemptRun r) {
    if (r.push) {
      return "push delivery is off on node " + nodeId;
    }
    if (r.handler == null) {
      // Claimed by id, but this node has no handler for it (any more).
      return "no handler '" + r.attempt.job().handler() + "' on node " + nodeId;
    }
    return null;
  }

  @Override
  public void start(AttemptRun r) {
    if (workers == null) {
      work(r);
      return;
    }
    try {
      workers.execute(() -> work(r));
    } catch (RejectedExecutionException e) {
      ends.release(r, "node " + nodeId + " is shutting down");
      ends.freeSlot(r); // also when the deadline had ended it already
    }
  }

  /** A worker: runs the attempt, then the next waiting one on the same slot, until none waits. */
  private void work(AttemptRun first) {
    AttemptRun r = first;
    while (r != null) {
      ClaimAhead.Run run = claimAhead.started();
      ExecutionOutcome outcome = handlers.run(r);
      claimAhead.ended(run, outcome != null);
      if (outcome != null) {
        ends.finish(r, outcome);
      }
      r = slots.passOn(r);
    }
    slots.startWaiting(this::start); // one queued after the slot was freed must not wait
  }

  @Override
  public String timeoutNote() {
    return "; the handler was interrupted";
  }

  @Override
  public int busyThreads() {
    return workers instanceof ThreadPoolExecutor pool ? pool.getActiveCount() : 0;
  }

  @Override
  public void close() {
    if (workers == null) {
      return;
    }
    workers.shutdown();
    try {
      workers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
  }
}
