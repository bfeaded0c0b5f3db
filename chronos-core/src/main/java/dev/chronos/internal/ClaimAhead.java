package dev.chronos.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many attempts a lane may claim beyond its free slots: as many as its slots are expected to
 * start within the target, judged from how long attempts hold a slot. Short jobs are then claimed
 * hundreds at a time (one claim per batch, not per job); long jobs only for a free slot, so that
 * another node with free slots can take them.
 *
 * <p>The estimate counts what it has not yet seen end. Until one attempt has ended there is no
 * claiming ahead at all (nothing says runs are short). A slot whose attempt has already run longer
 * than the target will not start anything within it, so it contributes nothing, however short the
 * runs that ended before were: a node whose every slot is busy with long jobs claims none ahead.
 *
 * <p>Time is read from the injected ticker (nanoseconds, {@link System#nanoTime} in production), so
 * tests drive it by hand. Thread-safe; the mean is updated racily on purpose (an estimate).
 */
final class ClaimAhead {
  /** A running attempt's start, from {@link #started()} to {@link #ended(Run)}. */
  static final class Run {
    private final long startedNanos;

    private Run(long startedNanos) {
      this.startedNanos = startedNanos;
    }
  }

  private final long targetNanos;
  private final int slots;
  private final int max;
  private final LongSupplier ticker;
  private final Set<Run> running = ConcurrentHashMap.newKeySet();

  /** Roughly how long recent attempts held their slot (a moving average); 0 until one ended. */
  private volatile long meanRunNanos;

  /**
   * @param target how long claimed attempts may be expected to wait for a slot
   * @param slots the lane's slots
   * @param max the most it ever allows (a claim batch)
   * @param ticker nanoseconds, as {@link System#nanoTime}
   */
  ClaimAhead(Duration target, int slots, int max, LongSupplier ticker) {
    this.targetNanos = target.toNanos();
    this.slots = slots;
    this.max = max;
    this.ticker = ticker;
  }

  /** An attempt took a slot and begins to run. */
  Run started() {
    Run r = new Run(ticker.getAsLong());
    running.add(r);
    return r;
  }

  /**
   * The attempt left its slot.
   *
   * @param measured whether its run counts towards the mean (false when it never ran)
   */
  void ended(Run r, boolean measured) {
    running.remove(r);
    if (measured) {
      long nanos = Math.max(1, ticker.getAsLong() - r.startedNanos);
      long mean = meanRunNanos;
      meanRunNanos = mean == 0 ? nanos : mean + (nanos - mean) / 8;
    }
  }

  /** The attempt ran and left its slot. */
  void ended(Run r) {
    ended(r, true);
  }

  /** How many attempts the slots are expected to start within the target, beyond free slots. */
  int allowance() {
    long mean = meanRunNanos;
    if (mean == 0) {
      return 0;
    }
    long perSlot = targetNanos / mean;
    if (perSlot == 0) {
      return 0;
    }
    long now = ticker.getAsLong();
    int stuck = 0;
    for (Run r : running) {
      if (now - r.startedNanos > targetNanos) {
        stuck++;
      }
    }
    return (int) Math.min(max, perSlot * Math.max(0, slots - stuck));
  }

  /** The current mean run time in nanoseconds, 0 before any attempt ended (tests). */
  long meanRunNanos() {
    return meanRunNanos;
  }
}
