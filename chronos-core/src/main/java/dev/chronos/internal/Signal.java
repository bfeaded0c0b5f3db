package dev.chronos.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Where threads wait for a condition that other threads change: the dispatcher waiting for room to
 * claim, shutdown waiting for the lane to be idle. {@link #signal()} is called on every change that
 * may make a condition true (a slot freed, an outcome written), which is very often, so it costs
 * one volatile read while nobody waits. A waiter registers before it tests its condition, so a
 * change after the test always wakes it. Thread-safe.
 */
final class Signal {
  private final Object monitor = new Object();
  private final AtomicInteger waiters = new AtomicInteger();

  /** Wakes whoever waits, so that it tests its condition again; cheap when nobody does. */
  void signal() {
    if (waiters.get() > 0) {
      wake();
    }
  }

  /** Wakes whoever waits, unconditionally (stopping). */
  void wake() {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  /**
   * Waits until the condition holds, up to the timeout.
   *
   * @return whether it holds
   */
  boolean await(BooleanSupplier condition, long timeoutNanos) throws InterruptedException {
    if (condition.getAsBoolean()) {
      return true;
    }
    long end = System.nanoTime() + timeoutNanos;
    waiters.incrementAndGet();
    try {
      synchronized (monitor) {
        while (!condition.getAsBoolean()) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        }
        return true;
      }
    } finally {
      waiters.decrementAndGet();
    }
  }
}
