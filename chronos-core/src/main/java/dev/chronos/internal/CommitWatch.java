package dev.chronos.internal;

import dev.chronos.Job;
import dev.chronos.spi.JobStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out when a caller's transaction that stored a job has committed, for a store that does not
 * announce commits itself (H2): every {@value #STEP_MILLIS} ms it looks each watched job up on the
 * store's own connections, which see the row only once the caller committed, and hands a job it
 * sees to the engine to queue. A job not seen after {@code rounds} looks (its transaction rolled
 * back, or is still open) is dropped: the feeder's regular poll finds it if it commits later.
 *
 * <p>Threads: one daemon thread, {@code chronos-commit-watch}, started and stopped by the engine;
 * {@link #watch} is called from any submitting thread. The list of watched jobs is guarded by
 * {@code lock}; store calls run outside it. At most {@value #MAX_WATCHED} jobs are watched at once;
 * beyond that a job waits for the regular poll.
 */
final class CommitWatch {
  static final long STEP_MILLIS = 10;
  static final int MAX_WATCHED = 10_000;

  /** The longest a job is watched: a transaction open longer is left to the regular poll. */
  static final long MAX_WATCH_MILLIS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(CommitWatch.class);

  private final JobStore store;
  private final int rounds;
  private final Consumer<Job> committed;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();

  /** Guarded by {@code lock}. */
  private final List<Watched> watched = new ArrayList<>();

  private volatile boolean stopped;
  private Thread thread;

  /** A job and the looks left for it; only the watch's thread changes {@code left}. */
  private static final class Watched {
    final Job job;
    int left;

    Watched(Job job, int left) {
      this.job = job;
      this.left = left;
    }
  }

  /**
   * @param store where to look the jobs up
   * @param rounds how many looks before a job is dropped
   * @param committed what to do with a job seen committed
   */
  CommitWatch(JobStore store, int rounds, Consumer<Job> committed) {
    this.store = store;
    this.rounds = Math.max(1, rounds);
    this.committed = committed;
  }

  void start() {
    thread = DaemonThreads.start("chronos-commit-watch", this::run);
  }

  void stop() {
    stopped = true;
    lock.lock();
    try {
      added.signalAll();
    } finally {
      lock.unlock();
    }
    Thread t = thread;
    if (t != null) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts watching a job stored in a caller's transaction. */
  void watch(Job job) {
    lock.lock();
    try {
      if (stopped || watched.size() >= MAX_WATCHED) {
        return;
      }
      watched.add(new Watched(job, rounds));
      added.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many jobs are watched now. */
  int size() {
    lock.lock();
    try {
      return watched.size();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (!stopped) {
      try {
        List<Watched> batch;
        lock.lock();
        try {
          while (watched.isEmpty() && !stopped) {
            added.await();
          }
          batch = new ArrayList<>(watched);
        } finally {
          lock.unlock();
        }
        if (stopped) {
          return;
        }
        Set<Watched> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Watched w : batch) {
          if (store.find(w.job.id()).isPresent()) {
            done.add(w);
            committed.accept(w.job);
          } else if (--w.left <= 0) {
            done.add(w);
          }
        }
        lock.lock();
        try {
          watched.removeIf(done::contains);
        } finally {
          lock.unlock();
        }
        TimeUnit.MILLISECONDS.sleep(STEP_MILLIS);
      } catch (InterruptedException e) {
        return;
      } catch (Throwable t) {
        // A store outage: the regular poll finds the jobs later. Keep watching the others.
        log.debug("Commit watch could not look up jobs: {}", t.toString());
        try {
          TimeUnit.MILLISECONDS.sleep(STEP_MILLIS * 10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
