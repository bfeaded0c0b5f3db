package dev.chronos.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * Counts worker threads left inside a handler after its deadline (a handler that ignores the
 * interrupt, such as a blocking socket read), and says when there are more than the node's {@code
 * maxAbandonedThreads}: then the lane stops claiming and a timed-out attempt keeps its slot until
 * its thread ends. Crossing the limit is logged once at ERROR with a stuck thread's stack, coming
 * back under it at INFO. Thread-safe.
 */
final class AbandonedThreads {
  private static final Logger log = Loggers.DISPATCHER;

  private final int limit;
  private final String nodeId;
  private final Runnable onResume;
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicBoolean overLimit = new AtomicBoolean();

  /**
   * @param limit the most threads abandoned before the lane stops claiming
   * @param onResume run when the count comes back to the limit (wakes the claiming thread)
   */
  AbandonedThreads(int limit, String nodeId, Runnable onResume) {
    this.limit = limit;
    this.nodeId = nodeId;
    this.onResume = onResume;
  }

  /**
   * Counts a thread a deadline left inside its handler.
   *
   * @return true when that makes more than the limit (the attempt keeps its slot)
   */
  boolean abandon(Thread stuck) {
    int now = count.incrementAndGet();
    if (now <= limit) {
      return false;
    }
    if (overLimit.compareAndSet(false, true)) {
      Throwable stack = new Throwable("stack of " + stuck.getName());
      stack.setStackTrace(stuck.getStackTrace());
      log.error(
          "{} worker threads are stuck in handlers that ran past their timeout and ignored the"
              + " interrupt (limit maxAbandonedThreads = {}); node {} claims no new jobs for its"
              + " handlers until they end. One of them:",
          now,
          limit,
          nodeId,
          stack);
    }
    return true;
  }

  /** A counted thread came out of its handler. */
  void ended() {
    int now = count.decrementAndGet();
    if (now <= limit && overLimit.compareAndSet(true, false)) {
      log.info(
          "Abandoned worker threads are down to {} (limit {}); node {} claims jobs again",
          now,
          limit,
          nodeId);
      onResume.run();
    }
  }

  /** Threads still inside a handler whose attempt timed out. */
  int count() {
    return count.get();
  }

  /** Whether more than the limit are abandoned. */
  boolean overLimit() {
    return overLimit.get();
  }
}
