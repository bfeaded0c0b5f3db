package dev.chronos.internal;

import dev.chronos.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * A named daemon thread that runs one step every interval, sooner when {@link #wake() woken}, and
 * survives any {@code Throwable} the step throws (logging it, then backing off exponentially up to
 * 5 s). Store outages are logged by {@link StoreHealth}, once per outage, not here. The wait is
 * real time: it paces the loop, while the step itself reads the engine's clock.
 *
 * <p>A wake-up cuts a back-off short at most once per run of failures: after an outage ends the
 * loop looks at once, but a step that keeps failing (whoever keeps waking the loop) backs off as if
 * nobody had.
 */
final class Loop {
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final String name;
  private final Logger log;
  private final Duration interval;
  private final Runnable step;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();

  /** Guarded by {@code lock}. */
  private boolean wakeRequested;

  /** Whether the last wait ended by a wake-up rather than its time; only the loop's thread. */
  private boolean wokenEarly;

  private volatile boolean stopped;
  private Thread thread;

  /**
   * @param name the thread's name
   * @param log the logger of the component whose step this is
   * @param interval the wait between steps
   * @param step what to run
   */
  Loop(String name, Logger log, Duration interval, Runnable step) {
    this.name = name;
    this.log = log;
    this.interval = interval;
    this.step = step;
  }

  void start() {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs the next step now instead of after the interval. */
  void wake() {
    lock.lock();
    try {
      wakeRequested = true;
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the loop and waits for its thread. A step in progress may finish first (a store call is
   * not interrupted); one that does not finish within 5 s is interrupted.
   */
  void stop() {
    stopped = true;
    wake();
    Thread t = thread;
    if (t == null) {
      return;
    }
    try {
      t.join(TimeUnit.SECONDS.toMillis(5));
      if (t.isAlive()) {
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    int failures = 0;
    boolean wokenInThisRun = false;
    while (!stopped) {
      Duration wait = interval;
      boolean wakeable = true;
      try {
        step.run();
        failures = 0;
        wokenInThisRun = false;
      } catch (Throwable t) {
        failures++;
        wait = backoff(failures);
        wakeable = !wokenInThisRun;
        if (t instanceof StoreUnavailableException) {
          log.debug("{} could not reach the store; retrying in {}", name, wait);
        } else if (failures == 1) {
          log.warn("{} failed; retrying in {}", name, wait, t);
        } else {
          log.debug("{} failed again ({} in a row): {}", name, failures, t.toString());
        }
      }
      if (!await(wait, wakeable)) {
        return;
      }
      if (failures > 0 && wokenEarly) {
        wokenInThisRun = true; // this run of failures used its one wake-up
      }
    }
  }

  private Duration backoff(int failures) {
    Duration d = interval.multipliedBy(1L << Math.min(failures, 16));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  /**
   * Waits for the interval, or until woken if {@code wakeable}; false if the thread was interrupted
   * to stop.
   */
  private boolean await(Duration wait, boolean wakeable) {
    lock.lock();
    try {
      long nanos = wait.toNanos();
      while (!(wakeable && wakeRequested) && nanos > 0 && !stopped) {
        nanos = woken.awaitNanos(nanos);
      }
      wokenEarly = wakeable && wakeRequested;
      wakeRequested = false;
      return !stopped;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }
}
