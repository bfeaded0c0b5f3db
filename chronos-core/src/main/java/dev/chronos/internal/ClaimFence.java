package dev.chronos.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps reconciling apart from claiming. A claim commits in the store before the node records that
 * it runs the attempts (in a lane's in-flight map, or among its pull workers' claims); a reconcile
 * that looked between the two would take a fresh claim for a lost one and give it back. Claims hold
 * the read lock from the store call until the attempts are recorded (claims never wait for each
 * other); a reconcile holds the write lock. Thread-safe.
 */
final class ClaimFence {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** Runs a claim and the recording of what it claimed. */
  <T> T claim(Supplier<T> body) {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs a reconcile once no claim is in progress, waiting up to {@code patience} for that.
   *
   * @return false if claims kept it waiting too long (nothing ran)
   */
  boolean reconcile(Runnable body, Duration patience) {
    try {
      if (!lock.writeLock().tryLock(patience.toNanos(), TimeUnit.NANOSECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      body.run();
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
