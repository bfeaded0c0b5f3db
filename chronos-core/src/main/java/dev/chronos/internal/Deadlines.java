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
 * @param <T> the entries; distinct entries must differ in {@code ties}
 */
final class Deadlines<T> {
  private static final Duration MAX_PARK = Duration.ofHours(1);

  private final ConcurrentSkipListMap<T, Boolean> entries;
  private final Function<T, Instant> deadline;
  private final Clock clock;
  private volatile Thread waiter;

  /**
   * @param deadline an entry's deadline
   * @param ties the order of entries with the same deadline, by something unique
   * @param clock the time deadlines are compared with
   */
  Deadlines(Function<T, Instant> deadline, Comparator<T> ties, Clock clock) {
    this.entries =
        new ConcurrentSkipListMap<>(
            (a, b) -> {
              int c = deadline.apply(a).compareTo(deadline.apply(b));
              return c != 0 ? c : ties.compare(a, b);
            });
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
        T due = pollDue();
        if (due != null) {
          return due;
        }
        T first = firstOrNull();
        if (first == null) {
          LockSupport.park(this);
        } else {
          Duration wait = Duration.between(clock.instant(), deadline.apply(first));
          LockSupport.parkNanos(
              this, wait.compareTo(MAX_PARK) > 0 ? MAX_PARK.toNanos() : wait.toNanos());
        }
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
