package dev.chronos.internal;

import dev.chronos.JobListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Delivers job events to the node's {@link JobListener}s from one thread of their own, {@code
 * chronos-listener}, so that no listener, however slow or throwing, can delay an outcome on its way
 * to the store (a slow listener on the recorder thread once let leases end and made completed jobs
 * run again).
 *
 * <p>Events wait in a queue bounded at {@link #CAPACITY}; whoever reports an event never blocks:
 * when the queue is full the event is dropped and counted ({@link #overflowed()}), and logged at
 * WARN at most once per {@link #QUIET} with the count since the last warning. A callback that takes
 * longer than {@link #SLOW} is logged at WARN, also at most once per {@link #QUIET} per listener
 * class. A listener that throws is logged and skipped.
 *
 * <p>Before {@link #start()} (tests stepping a node by hand) and after {@link #stop} events are
 * delivered on the reporting thread. Thread-safe.
 */
final class ListenerQueue {
  private static final Logger log = Loggers.DISPATCHER;

  /** The most events waiting for the listener thread. */
  static final int CAPACITY = 65_536;

  /** A callback slower than this is logged. */
  static final Duration SLOW = Duration.ofMillis(100);

  /** How long after a warning the next one of its kind is logged at DEBUG only. */
  static final Duration QUIET = Duration.ofMinutes(1);

  private record Event(String name, Consumer<JobListener> call) {}

  /** Tells the listener thread to stop once it has delivered everything queued before it. */
  private static final Event STOP = new Event("stop", l -> {});

  private final List<JobListener> listeners;
  private final ArrayBlockingQueue<Event> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong overflowed = new AtomicLong();
  private final AtomicLong overflowWarnedAt = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong overflowSinceWarning = new AtomicLong();

  /** When a slow callback was last logged at WARN; only the delivering thread. */
  private long slowWarnedAt = Long.MIN_VALUE;

  private int slowSinceWarning;
  private volatile Thread thread;

  ListenerQueue(List<JobListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Starts the listener thread (none when there is no listener). */
  void start() {
    if (!listeners.isEmpty()) {
      thread = DaemonThreads.start("chronos-listener", this::loop);
    }
  }

  /**
   * Reports an event to every listener, from the listener thread; never blocks.
   *
   * @param name the event, for the log
   * @param call the callback to make on each listener
   */
  void offer(String name, Consumer<JobListener> call) {
    if (listeners.isEmpty()) {
      return;
    }
    Event event = new Event(name, call);
    if (thread == null) {
      deliver(event);
    } else if (!queue.offer(event)) {
      overflow(name);
    }
  }

  /** Events waiting for the listener thread. */
  int depth() {
    return queue.size();
  }

  /** Events dropped because the queue was full, since the node started. */
  long overflowed() {
    return overflowed.get();
  }

  private void overflow(String name) {
    overflowed.incrementAndGet();
    long since = overflowSinceWarning.incrementAndGet();
    long now = System.nanoTime();
    long last = overflowWarnedAt.get();
    if ((last == Long.MIN_VALUE || now - last >= QUIET.toNanos())
        && overflowWarnedAt.compareAndSet(last, now)) {
      overflowSinceWarning.addAndGet(-since);
      log.warn(
          "Listener queue is full ({} events): dropped {} event(s) (the last {}) since the last"
              + " warning, {} in all; listeners are too slow for this node's rate of events",
          CAPACITY,
          since,
          name,
          overflowed.get());
    } else {
      log.debug("Listener queue is full: dropped {}", name);
    }
  }

  private void loop() {
    while (true) {
      Event event;
      try {
        event = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (event == STOP) {
        return;
      }
      deliver(event);
    }
  }

  private void deliver(Event event) {
    for (JobListener l : listeners) {
      long began = System.nanoTime();
      try {
        event.call.accept(l);
      } catch (Throwable t) {
        log.warn("Listener {} threw on {}; ignoring it", l.getClass().getName(), event.name, t);
      }
      long took = System.nanoTime() - began;
      if (took > SLOW.toNanos()) {
        slow(l, event.name, took);
      }
    }
  }

  private synchronized void slow(JobListener l, String name, long nanos) {
    long now = System.nanoTime();
    if (slowWarnedAt == Long.MIN_VALUE || now - slowWarnedAt >= QUIET.toNanos()) {
      log.warn(
          "Listener {} took {} ms on {} (more than {} ms; {} more slow call(s) since the last"
              + " warning); events wait for it, outcomes do not",
          l.getClass().getName(),
          TimeUnit.NANOSECONDS.toMillis(nanos),
          name,
          SLOW.toMillis(),
          slowSinceWarning);
      slowWarnedAt = now;
      slowSinceWarning = 0;
    } else {
      slowSinceWarning++;
      log.debug(
          "Listener {} took {} ms on {}",
          l.getClass().getName(),
          TimeUnit.NANOSECONDS.toMillis(nanos),
          name);
    }
  }

  /**
   * Delivers what is queued, for up to {@code drainFor}, then stops the thread; later events are
   * delivered on the reporting thread.
   */
  void stop(Duration drainFor) {
    Thread t = thread;
    if (t == null) {
      return;
    }
    if (!queue.offer(STOP)) {
      t.interrupt(); // full: what is queued cannot all be delivered anyway
    }
    try {
      t.join(Math.max(1, drainFor.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      log.warn(
          "Listeners did not take {} queued event(s) within {}; they are dropped",
          queue.size(),
          drainFor);
      t.interrupt();
    }
    thread = null;
    queue.clear();
  }
}
