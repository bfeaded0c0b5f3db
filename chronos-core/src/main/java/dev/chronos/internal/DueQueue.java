package dev.chronos.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * The node's in-memory timetable: (job id, runAt) entries for jobs this node can deliver, in a
 * {@link DelayQueue} that hands each entry out when the {@link Clock} reaches its time.
 *
 * <p>Concurrency: {@code current} maps each queued job to its one live entry; it is what {@link
 * #size()} counts and what dedupes offers. Replacing a job's entry (its runAt moved) leaves the old
 * entry in the delay queue as a stale one, which {@link #take()} and {@link #drainDue} skip because
 * it is no longer the live entry. Taking an entry removes it from {@code current}, so the feeder
 * may offer the job again if the claim does not happen. All methods are thread-safe.
 */
final class DueQueue {
  private final Clock clock;
  private final int maxSize;
  private final DelayQueue<Entry> queue = new DelayQueue<>();
  private final ConcurrentHashMap<UUID, Entry> current = new ConcurrentHashMap<>();

  DueQueue(Clock clock, int maxSize) {
    this.clock = clock;
    this.maxSize = maxSize;
  }

  /** One job due at one time. */
  final class Entry implements Delayed {
    final UUID id;
    final Instant runAt;

    Entry(UUID id, Instant runAt) {
      this.id = id;
      this.runAt = runAt;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      Duration left = Duration.between(clock.instant(), runAt);
      return unit.convert(left.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Entry o = (Entry) other;
      int c = runAt.compareTo(o.runAt);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  /**
   * Queues a job, or moves its entry to a new time. Returns false only when the queue is full and
   * the job was not queued before.
   */
  boolean offer(UUID id, Instant runAt) {
    Entry fresh = new Entry(id, runAt);
    boolean[] added = {false};
    boolean[] full = {false};
    current.compute(
        id,
        (k, old) -> {
          if (old != null && old.runAt.equals(runAt)) {
            return old;
          }
          if (old == null && current.size() >= maxSize) {
            full[0] = true;
            return null;
          }
          added[0] = true;
          return fresh;
        });
    if (added[0]) {
      queue.add(fresh);
    }
    return !full[0];
  }

  /** Waits for the next due entry and removes it from the timetable. */
  Entry take() throws InterruptedException {
    while (true) {
      Entry e = queue.take();
      if (current.remove(e.id, e)) {
        return e;
      }
    }
  }

  /** Removes and returns up to {@code max} entries that are due now, earliest first. */
  List<Entry> drainDue(int max) {
    List<Entry> due = new ArrayList<>();
    while (due.size() < max) {
      Entry e = queue.poll();
      if (e == null) {
        break;
      }
      if (current.remove(e.id, e)) {
        due.add(e);
      }
    }
    return due;
  }

  /** Whether the job is queued for exactly this time. */
  boolean contains(UUID id, Instant runAt) {
    Entry e = current.get(id);
    return e != null && e.runAt.equals(runAt);
  }

  /** How many jobs are queued. */
  int size() {
    return current.size();
  }

  /** How many more jobs fit. */
  int room() {
    return Math.max(0, maxSize - current.size());
  }

  int maxSize() {
    return maxSize;
  }

  /** Forgets every entry (at shutdown). */
  void clear() {
    current.clear();
    queue.clear();
  }
}
