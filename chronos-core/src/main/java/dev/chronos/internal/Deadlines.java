package dev.chronos.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Things in flight ordered by deadline, with add, remove and taking the earliest due all in O(log
 * n) and without a lock. A {@link java.util.concurrent.DelayQueue} removes in O(n) under one lock:
 * with hundreds of attempts claimed ahead, every finished attempt scanning the queue was a
 * bottleneck shared by all worker threads.
 *
 * <p>One thread waits in {@link #awaitDue()}; whoever adds an entry that becomes the earliest wakes
 * it, so it never sleeps past a deadline that was added while it slept.
 *
 * @param <T> the entries; distinct entries must differ in {@code order} (break deadline ties)
 */
final class Deadlines<T> {
  private static final long MAX_PARK_NANOS = Duration.ofHours(1).toNanos();

  private final ConcurrentSkipListMap<T, Boolean> entries;
  private final Function<T, Instant> deadline;
  private final Clock clock;
  private volatile Thread waiter;

  /**
   * @param order the entries' order: by deadline, then by something unique
   * @param deadline an entry's deadline
   * @param clock the time deadlines are compared with
   */
  Deadlines(Comparator<T> order, Function<T, Instant> deadline, Clock clock) {
    this.entries = new ConcurrentSkipListMap<>(order);
    this.deadline = deadline;
    this.clock = clock;
  }

  void add(T entry) {
    entries.put(entry, Boolean.TRUE);
    Thread w = waiter;
    if (w != null && firstOrNull() == entry) {
      LockSupport.unpark(w);
    }
  }

  /** Removes the entry; false if it was not there (taken as due, or never added). */
  boolean remove(T entry) {
    return entries.remove(entry) != null;
  }

  /** Takes the earliest entry if its deadline has passed, else null. */
  T pollDue() {
    while (true) {
      T first = firstOrNull();
      if (first == null || deadline.apply(first).isAfter(clock.instant())) {
        return null;
      }
      if (entries.remove(first) != null) {
        return first;
      }
      // removed meanwhile by its owner: look again
    }
  }

  /**
   * Waits until the earliest entry's deadline has passed and takes it. One thread at a time.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  T awaitDue() throws InterruptedException {
    waiter = Thread.currentThread();
    try {
      while (true) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        T first = firstOrNull();
        if (first == null) {
          LockSupport.park(this);
          continue;
        }
        Duration wait = Duration.between(clock.instant(), deadline.apply(first));
        if (wait.isNegative() || wait.isZero()) {
          if (entries.remove(first) != null) {
            return first;
          }
          continue;
        }
        LockSupport.parkNanos(
            this,
            wait.getSeconds() >= MAX_PARK_NANOS / 1_000_000_000L ? MAX_PARK_NANOS : wait.toNanos());
      }
    } finally {
      waiter = null;
    }
  }

  private T firstOrNull() {
    Map.Entry<T, Boolean> first = entries.firstEntry();
    return first == null ? null : first.getKey();
  }
}
