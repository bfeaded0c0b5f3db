package dev.chronos.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's in-memory timetable: (job id, runAt) entries for jobs this node can deliver, handed
 * out by a {@link DelayQueue} when the {@link Clock} reaches their time.
 *
 * <p>Concurrency: {@code lock} guards {@code live} (each queued job's one live entry, by id) and
 * {@code byTime} (the same entries by (runAt, id)); the delay queue has its own lock and is only
 * touched after {@code lock} is released. Replacing or evicting an entry leaves the old one in the
 * delay queue as a stale entry, which {@link #take()} and {@link #drainDue} skip because it is no
 * longer live. Taking an entry removes it from the timetable, so the feeder may offer the job again
 * if the claim does not happen.
 *
 * <p>Probes: a job offered at a time earlier than its queued one keeps its queued entry and gets a
 * probe at the earlier time as well. Either the earlier time is stale (a feeder read that raced a
 * retry) and the probe's claim finds the job not due, or the job was made due earlier elsewhere (a
 * run-now on another node) and the probe starts it on time; the queued entry stays in both cases,
 * so a stale read never loses the job's real time. Probes are not counted as queued jobs.
 *
 * <p>Bounds: at most {@code maxSize} live entries. When full, an earlier job evicts the latest one
 * (which stays in the store and comes back through the feeder), so a job due now never waits behind
 * later ones. When a full queue drains to half, {@code onRoom} runs (it wakes the feeder).
 */
final class DueQueue {
  private final Clock clock;
  private final int maxSize;
  private final Runnable onRoom;
  private final DelayQueue<Entry> queue = new DelayQueue<>();
  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by {@code lock}. */
  private final Map<UUID, Entry> live = new HashMap<>();

  /** Guarded by {@code lock}. */
  private final TreeSet<Entry> byTime = new TreeSet<>();

  /** Each probing job's one live probe, by id; guarded by {@code lock}. */
  private final Map<UUID, Entry> probes = new HashMap<>();

  /** Whether an offer was refused or an entry evicted since the queue last had room; guarded. */
  private boolean overflowed;

  /** The number the next entry gets, in the order entries were queued; guarded. */
  private long nextSeq;

  /** How often jobs were dropped other than by being taken (evicted, refused, cleared); guarded. */
  private long dropped;

  /** While a feeder read is on its way, the jobs taken since it began; else null. Guarded. */
  private java.util.Set<UUID> takenDuringRead;

  DueQueue(Clock clock, int maxSize, Runnable onRoom) {
    this.clock = clock;
    this.maxSize = maxSize;
    this.onRoom = onRoom;
  }

  /** One job due at one time; {@code id == null} marks the wake-up entry of {@link #wakeUp()}. */
  final class Entry implements Delayed {
    final UUID id;
    final Instant runAt;

    /** Whether this is a probe (see the class comment); set before the entry is published. */
    boolean probe;

    /** When it was queued, as {@link #beginRead()} counts; set under {@code lock} if live. */
    long seq;

    Entry(UUID id, Instant runAt) {
      this.id = id;
      this.runAt = runAt;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      // TimeUnit.convert(Duration) saturates instead of overflowing for far-off times.
      return unit.convert(Duration.between(clock.instant(), runAt));
    }

    @Override
    public int compareTo(Delayed other) {
      Entry o = (Entry) other;
      int c = runAt.compareTo(o.runAt);
      if (c != 0 || id == o.id) {
        return c;
      }
      if (id == null || o.id == null) {
        return id == null ? -1 : 1;
      }
      return id.compareTo(o.id);
    }
  }

  /**
   * Queues a job, or moves its entry to a later time. A time earlier than the queued one does not
   * move the entry (a feeder read that raced a retry must not undo it) but adds a probe at that
   * time (see the class comment). Returns false only when the queue is full of earlier jobs and the
   * job was not queued.
   */
  boolean offer(UUID id, Instant runAt) {
    return offer(id, runAt, false);
  }

  /**
   * Queues a job a feeder read returned, as {@link #offer(UUID, Instant)}, unless it was taken
   * since the read began ({@link #beginRead()}): the read may have seen it runnable just before the
   * dispatcher claimed it, and queuing it again would list an already claimed job in a later claim.
   */
  boolean offerRead(UUID id, Instant runAt) {
    return offer(id, runAt, true);
  }

  private boolean offer(UUID id, Instant runAt, boolean fromRead) {
    Entry fresh = new Entry(id, runAt);
    Entry probe = null;
    lock.lock();
    try {
      if (fromRead && takenDuringRead != null && takenDuringRead.contains(id)) {
        return true;
      }
      Entry old = live.get(id);
      if (old != null) {
        if (!runAt.isAfter(old.runAt)) {
          probe = runAt.isBefore(old.runAt) ? probe(fresh) : null;
          return true;
        }
        byTime.remove(old);
      } else if (live.size() >= maxSize) {
        overflowed = true;
        dropped++;
        Entry latest = byTime.last();
        if (fresh.compareTo(latest) >= 0) {
          return false;
        }
        byTime.remove(latest);
        live.remove(latest.id);
      }
      fresh.seq = nextSeq++;
      live.put(id, fresh);
      byTime.add(fresh);
    } finally {
      lock.unlock();
      if (probe != null) {
        queue.add(probe);
      }
    }
    queue.add(fresh);
    return true;
  }

  /** Makes {@code e} the job's probe unless an earlier one is live; null if not. Under lock. */
  private Entry probe(Entry e) {
    Entry current = probes.get(e.id);
    if (current != null && !current.runAt.isAfter(e.runAt)) {
      return null;
    }
    e.probe = true;
    probes.put(e.id, e);
    return e;
  }

  /**
   * Forgets these jobs' entries and probes (their handler was paused on this node); the other jobs
   * keep theirs.
   *
   * @return how many queued jobs were forgotten
   */
  int forget(Collection<UUID> ids) {
    lock.lock();
    try {
      int forgotten = 0;
      for (UUID id : ids) {
        probes.remove(id);
        Entry e = live.remove(id);
        if (e != null) {
          byTime.remove(e);
          forgotten++;
        }
      }
      if (forgotten > 0) {
        dropped++; // an incremental feeder must read these jobs again once their handler resumes
      }
      return forgotten;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves a queued job's entry to another time, earlier or later, or queues it: an operation by
   * hand (run now, reschedule) changed its due time, unlike a feeder's read, which may be stale.
   * Returns false only when the queue is full of earlier jobs and the job was not queued.
   */
  boolean move(UUID id, Instant runAt) {
    lock.lock();
    try {
      Entry old = live.remove(id);
      if (old != null) {
        byTime.remove(old);
      }
    } finally {
      lock.unlock();
    }
    return offer(id, runAt);
  }

  /**
   * Asks for {@code onRoom} once the queue has drained to half: the feeder read a full queue's
   * worth, so more may be waiting in the store.
   */
  void expectMore() {
    lock.lock();
    try {
      overflowed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the next due entry and removes it; returns null when woken by {@link #wakeUp()}. */
  Entry take() throws InterruptedException {
    while (true) {
      Entry e = queue.take();
      if (e.id == null) {
        return null;
      }
      if (remove(e)) {
        return e;
      }
    }
  }

  /** Makes a thread blocked in {@link #take()} return null at once. */
  void wakeUp() {
    queue.add(new Entry(null, Instant.EPOCH));
  }

  /** Removes and returns up to {@code max} entries that are due now, earliest first. */
  List<Entry> drainDue(int max) {
    List<Entry> due = new ArrayList<>();
    while (due.size() < max) {
      Entry e = queue.poll();
      if (e == null) {
        break;
      }
      if (e.id != null && remove(e)) {
        due.add(e);
      }
    }
    return due;
  }

  private boolean remove(Entry e) {
    boolean room = false;
    lock.lock();
    try {
      if (e.probe) {
        if (!probes.remove(e.id, e)) {
          return false;
        }
        if (takenDuringRead != null) {
          takenDuringRead.add(e.id); // as for a queued entry: a racing read must not probe again
        }
        return true;
      }
      if (live.get(e.id) != e) {
        return false;
      }
      live.remove(e.id);
      byTime.remove(e);
      if (takenDuringRead != null) {
        takenDuringRead.add(e.id);
      }
      if (overflowed && live.size() <= maxSize / 2) {
        overflowed = false;
        room = true;
      }
    } finally {
      lock.unlock();
    }
    if (room) {
      onRoom.run();
    }
    return true;
  }

  /** How many jobs are queued. */
  int size() {
    lock.lock();
    try {
      return live.size();
    } finally {
      lock.unlock();
    }
  }

  int maxSize() {
    return maxSize;
  }

  /** The earliest queued job's due time, or null when none is queued. */
  Instant earliest() {
    lock.lock();
    try {
      return byTime.isEmpty() ? null : byTime.first().runAt;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A feeder read begins: from now until {@link #endRead()} the queue remembers which jobs are
   * taken, so that the read does not queue them again ({@link #offerRead}). Returns a mark of the
   * queue's order of entries (entries queued before it have a smaller {@code seq}), so that the
   * read forgets only entries it could have seen ({@link #forgetMissing}).
   */
  long beginRead() {
    lock.lock();
    try {
      takenDuringRead = new java.util.HashSet<>();
      return nextSeq;
    } finally {
      lock.unlock();
    }
  }

  /** The feeder read has queued what it read (or failed). */
  void endRead() {
    lock.lock();
    try {
      takenDuringRead = null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many times a job was dropped from the queue other than by being taken (evicted by an
   * earlier one, refused while full, cleared): a feeder that reads only what is new reads the whole
   * window again once this changed.
   */
  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets entries a read of the store showed to be no longer runnable: those queued before {@code
   * stamp}, due from {@code from} (null: any time) up to {@code to} (inclusive or not), whose job
   * the read did not return. Another node claimed, cancelled or moved them; without this the
   * dispatcher would list them in claims that come back empty.
   *
   * @param present the ids the read returned
   * @return how many were forgotten
   */
  int forgetMissing(
      java.util.Set<UUID> present, Instant from, Instant to, boolean toInclusive, long stamp) {
    lock.lock();
    try {
      Entry low = new Entry(null, from == null ? Instant.MIN : from);
      Entry high = new Entry(null, toInclusive ? to.plusNanos(1) : to);
      if (low.compareTo(high) >= 0) {
        return 0;
      }
      int forgotten = 0;
      var it = byTime.subSet(low, true, high, false).iterator();
      while (it.hasNext()) {
        Entry e = it.next();
        if (e.seq < stamp && !present.contains(e.id)) {
          it.remove();
          live.remove(e.id);
          forgotten++;
        }
      }
      return forgotten;
    } finally {
      lock.unlock();
    }
  }

  /** Forgets every entry (at shutdown, or when a handler is paused). */
  void clear() {
    lock.lock();
    try {
      dropped++;
      live.clear();
      byTime.clear();
      probes.clear();
    } finally {
      lock.unlock();
    }
    queue.clear();
  }
}
