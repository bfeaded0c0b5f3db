package dev.chronos.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A lane's slots (one permit each) and the claimed attempts waiting for one. An attempt holds a
 * slot from its start until its handler returns or its push answer arrives, or until its deadline
 * takes the slot back, whichever comes first: {@link AttemptRun#slot} says whether it still holds
 * one, and only a compare-and-set on it gives a slot back, so a slot is freed exactly once.
 *
 * <p>No attempt is left waiting while a slot is free: whoever queues an attempt calls {@link
 * #startWaiting} after adding it, and whoever frees a slot calls it after releasing the permit, so
 * one of the two always sees both. Every change that may make room for a claim (a permit back, an
 * attempt out of the queue) calls {@code changed}. Thread-safe.
 */
final class Slots {
  private final int count;
  private final Semaphore permits;
  private final Runnable changed;
  private final ConcurrentLinkedQueue<AttemptRun> waiting = new ConcurrentLinkedQueue<>();

  /** How many attempts wait (at least the queue's size: counted before they are added). */
  private final AtomicInteger waitingCount = new AtomicInteger();

  /**
   * A lane's slots, all free.
   *
   * @param count how many attempts may run at once
   * @param changed called when a slot was freed or a waiting attempt left the queue
   */
  Slots(int count, Runnable changed) {
    this.count = count;
    this.permits = new Semaphore(count);
    this.changed = changed;
  }

  /** Queues a claimed attempt for a slot; call {@link #startWaiting} after. */
  void add(AttemptRun r) {
    waitingCount.incrementAndGet();
    waiting.add(r);
  }

  /** Takes an attempt that ended before it started out of the queue, if it is still there. */
  void remove(AttemptRun r, AttemptRun.State endedFrom) {
    if (endedFrom == AttemptRun.State.WAITING && waiting.remove(r)) {
      waitingCount.decrementAndGet();
      changed.run();
    }
  }

  /** Gives free slots to waiting attempts, each handed to {@code start} holding its slot. */
  void startWaiting(Consumer<AttemptRun> start) {
    while (!waiting.isEmpty() && permits.tryAcquire()) {
      AttemptRun r = poll();
      if (r == null) { // another thread took it meanwhile: look again
        permits.release();
        changed.run();
        continue;
      }
      r.slot.set(true);
      start.accept(r);
    }
  }

  /**
   * An attempt left its slot: passes the slot on to the next waiting attempt, or frees it.
   *
   * @return the next attempt, now holding the slot; null if none waits (the slot was freed, call
   *     {@link #startWaiting}) or if the attempt no longer held a slot (its deadline took it)
   */
  AttemptRun passOn(AttemptRun done) {
    if (!done.slot.compareAndSet(true, false)) {
      return null;
    }
    AttemptRun next = poll();
    if (next == null) {
      permits.release();
      changed.run();
      return null;
    }
    next.slot.set(true);
    return next;
  }

  /**
   * Frees the attempt's slot if it still holds one.
   *
   * @return whether it did (then call {@link #startWaiting})
   */
  boolean free(AttemptRun r) {
    if (!r.slot.compareAndSet(true, false)) {
      return false;
    }
    permits.release();
    changed.run();
    return true;
  }

  /** How many slots are free. */
  int free() {
    return permits.availablePermits();
  }

  /** How many claimed attempts wait for a slot. */
  int waiting() {
    return waitingCount.get();
  }

  /** Whether every slot is free and no attempt waits. */
  boolean idle() {
    return free() == count && waiting() == 0;
  }

  private AttemptRun poll() {
    AttemptRun r = waiting.poll();
    if (r != null) {
      waitingCount.decrementAndGet();
      changed.run();
    }
    return r;
  }
}
