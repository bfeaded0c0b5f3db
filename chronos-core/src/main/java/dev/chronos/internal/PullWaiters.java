package dev.chronos.internal;

import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * Wakes pull workers that wait in a long-poll ({@code PullWorker.claim} with a wait) when a job
 * they could claim falls due, instead of having them poll the store in a loop.
 *
 * <p>Design. Waiters are grouped by the exact set of handler names they claim for, and the account
 * when they claim for one (workers of one kind usually share one set, so there are few groups). For
 * each group the node keeps a timetable of the pull jobs that group could claim and that fall due
 * within the look-ahead window: entries (group, job id, runAt) in one {@link DelayQueue}. Entries
 * come from three places: a job submitted or retried on this node ({@link #offer}), the feeder's
 * round ({@link #loadOnce}, one {@code findDue} per group, which also brings jobs submitted on
 * other nodes or in other processes), and the first waiter of a new group, which loads its group at
 * once. When an entry falls due, {@code chronos-pull-timer} (or a test's step, {@link #fireDue})
 * gives the group one wake-up: one waiting worker returns from its wait and claims in the store. A
 * wake-up is only a hint: the store's claim decides who gets the job, and a worker that finds
 * nothing waits again for the rest of its time.
 *
 * <p>Nothing is lost between a worker's claim and its wait: a worker registers in its group before
 * it first claims, and wake-ups are counted (up to the number of waiters), so one that arrives
 * before the worker starts waiting is still there. Memory: at most {@code maxEntries} entries per
 * group; jobs beyond wait in the store, where every claim looks first. A group nobody has waited in
 * for {@link #IDLE_GROUP_TTL} is dropped.
 *
 * <p>Concurrency: {@code lock} guards {@code groups}, each group's counters and {@code queued} map,
 * {@code closed} and {@code timer}; the delay queue has its own lock and is touched after {@code
 * lock} is released. Waiting is in real time (the long-poll's bound), while due times are read from
 * the engine's clock.
 */
final class PullWaiters {
  private static final Logger log = Loggers.PULL;
  static final Duration IDLE_GROUP_TTL = Duration.ofMinutes(1);

  private final JobStore store;
  private final Clock clock;
  private final Duration lookahead;
  private final int maxEntries;
  private final StoreHealth health;
  private final ReentrantLock lock = new ReentrantLock();
  private final DelayQueue<Entry> timetable = new DelayQueue<>();

  /**
   * By the selector of the group's claims (its handler names and account); guarded by {@code lock}.
   */
  private final Map<JobSelector, Group> groups = new HashMap<>();

  /** Guarded by {@code lock}. */
  private boolean closed;

  /** Whether the node was started, so a timer thread may run; guarded by {@code lock}. */
  private boolean threads;

  /** Guarded by {@code lock}. */
  private Thread timer;

  PullWaiters(JobStore store, Clock clock, Duration lookahead, int maxEntries, StoreHealth health) {
    this.store = store;
    this.clock = clock;
    this.lookahead = lookahead;
    this.maxEntries = maxEntries;
    this.health = health;
  }

  /**
   * Waiters that claim for one set of handler names. All mutable fields guarded by {@code lock}.
   */
  final class Group {
    final JobSelector selector;
    final Condition woken = lock.newCondition();
    final Map<UUID, Entry> queued = new HashMap<>();
    int waiting;
    int wakeUps;
    long idleSinceNanos = System.nanoTime();
    boolean loaded;

    Group(JobSelector selector) {
      this.selector = selector;
    }
  }

  /** A wake-up due at a job's runAt for one group. */
  final class Entry implements Delayed {
    final Group group;
    final UUID jobId;
    final Instant runAt;

    Entry(Group group, UUID jobId, Instant runAt) {
      this.group = group;
      this.jobId = jobId;
      this.runAt = runAt;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), runAt));
    }

    @Override
    public int compareTo(Delayed other) {
      return runAt.compareTo(((Entry) other).runAt);
    }
  }

  /** Lets the timer thread run (the node started). */
  void start() {
    lock.lock();
    try {
      threads = true;
      if (!groups.isEmpty()) {
        startTimer();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Caller holds {@code lock}. */
  private void startTimer() {
    if (timer == null && threads && !closed) {
      timer = new Thread(this::timerLoop, "chronos-pull-timer");
      timer.setDaemon(true);
      timer.start();
    }
  }

  /**
   * Joins (or creates) the group for this selector (pull handlers, and an account or none); the
   * caller then claims, waits with {@link #await} and finally calls {@link #leave}. The first
   * waiter of a new group loads the group's upcoming jobs on its own thread.
   *
   * @return the group, or null if the node is closed
   */
  Group join(JobSelector selector) {
    Group g;
    boolean load;
    lock.lock();
    try {
      if (closed) {
        return null;
      }
      g = groups.computeIfAbsent(selector, Group::new);
      g.waiting++;
      load = !g.loaded;
      g.loaded = true;
      startTimer();
    } finally {
      lock.unlock();
    }
    if (load) {
      try {
        load(g);
      } catch (RuntimeException e) {
        lock.lock();
        try {
          g.loaded = false; // the next waiter tries again; the feeder loads it meanwhile
        } finally {
          lock.unlock();
        }
        leave(g);
        throw e;
      }
    }
    return g;
  }

  /** Leaves a group joined with {@link #join}. */
  void leave(Group g) {
    lock.lock();
    try {
      g.waiting--;
      g.wakeUps = Math.min(g.wakeUps, g.waiting);
      if (g.waiting == 0) {
        g.idleSinceNanos = System.nanoTime();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for a wake-up of the group, up to {@code nanos} of real time.
   *
   * @return true if woken, false on timeout, close or interrupt (the interrupt flag is kept)
   */
  boolean await(Group g, long nanos) {
    lock.lock();
    try {
      while (g.wakeUps == 0 && !closed && nanos > 0) {
        nanos = g.woken.awaitNanos(nanos);
      }
      if (g.wakeUps > 0 && !closed) {
        g.wakeUps--;
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A runnable pull job submitted or retried on this node: queue it for the groups that take it.
   */
  void offer(Job job) {
    if (!(job.delivery() instanceof Delivery.Pull)
        || job.handler() == null
        || !job.status().isRunnable()
        || job.runAt().isAfter(clock.instant().plus(lookahead))) {
      return;
    }
    List<Entry> fresh = new ArrayList<>();
    lock.lock();
    try {
      for (Group g : groups.values()) {
        if (g.selector.matches(job)) {
          Entry e = queue(g, job.id(), job.runAt());
          if (e != null) {
            fresh.add(e);
          }
        }
      }
    } finally {
      lock.unlock();
    }
    timetable.addAll(fresh);
  }

  /** Loads the upcoming jobs of every group in use (the feeder's round); drops idle groups. */
  void loadOnce() {
    List<Group> active = new ArrayList<>();
    lock.lock();
    try {
      long now = System.nanoTime();
      for (var it = groups.values().iterator(); it.hasNext(); ) {
        Group g = it.next();
        if (g.waiting == 0 && now - g.idleSinceNanos > IDLE_GROUP_TTL.toNanos()) {
          g.queued.clear(); // its entries left in the timetable are skipped when they fire
          it.remove();
        }
      }
      active.addAll(groups.values());
    } finally {
      lock.unlock();
    }
    for (Group g : active) {
      load(g);
    }
  }

  private void load(Group g) {
    List<DueJob> due;
    try {
      due = store.findDue(g.selector, clock.instant().plus(lookahead), maxEntries);
      health.ok();
    } catch (RuntimeException e) {
      health.failed("loading due jobs for pull workers", e);
      throw e;
    }
    List<Entry> fresh = new ArrayList<>();
    lock.lock();
    try {
      for (DueJob job : due) {
        Entry e = queue(g, job.id(), job.runAt());
        if (e != null) {
          fresh.add(e);
        }
      }
    } finally {
      lock.unlock();
    }
    timetable.addAll(fresh);
  }

  /** Records a group's entry unless it is there already; caller holds {@code lock}. */
  private Entry queue(Group g, UUID jobId, Instant runAt) {
    Entry old = g.queued.get(jobId);
    if (old != null && old.runAt.equals(runAt)) {
      return null;
    }
    if (old == null && g.queued.size() >= maxEntries) {
      return null; // the job waits in the store; every claim looks there first
    }
    Entry e = new Entry(g, jobId, runAt);
    g.queued.put(jobId, e);
    return e;
  }

  /** Tests' step: fires every entry due now. */
  void fireDue() {
    Entry e;
    while ((e = timetable.poll()) != null) {
      fire(e);
    }
  }

  private void timerLoop() {
    while (true) {
      try {
        fire(timetable.take());
      } catch (InterruptedException e) {
        return;
      } catch (Throwable t) {
        log.error("Waking pull workers failed", t);
      }
    }
  }

  private void fire(Entry e) {
    lock.lock();
    try {
      Group g = e.group;
      if (g.queued.get(e.jobId) != e) {
        return; // replaced or dropped
      }
      g.queued.remove(e.jobId);
      if (g.wakeUps < g.waiting) {
        g.wakeUps++;
        g.woken.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether workers wait here (or waited lately) for jobs of this handler. */
  boolean waitsFor(String handler) {
    lock.lock();
    try {
      for (JobSelector selector : groups.keySet()) {
        if (selector.handlers().contains(handler)) {
          return true;
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** How many workers wait now (tests). */
  int waiting() {
    lock.lock();
    try {
      return groups.values().stream().mapToInt(g -> g.waiting).sum();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter for good: their claims return what they have. */
  void close() {
    Thread t;
    lock.lock();
    try {
      closed = true;
      for (Group g : groups.values()) {
        g.woken.signalAll();
      }
      t = timer;
    } finally {
      lock.unlock();
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    timetable.clear();
  }
}
