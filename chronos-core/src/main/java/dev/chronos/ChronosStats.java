package dev.chronos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one node's engine, taken by {@link Chronos#stats()} without asking the store: what
 * waits and runs in each lane, what is stuck, what is behind. Immutable and thread-safe; each
 * number was read at about {@link #takenAt()}, not all at one instant.
 *
 * @param takenAt when the snapshot was taken, by the node's clock
 * @param lanes the node's lanes: {@code handlers} (in-process handlers), then {@code push} when
 *     push delivery is on
 * @param abandonedThreads worker threads still inside a handler that ran past its timeout and
 *     ignored the interrupt (see {@link ChronosBuilder#maxAbandonedThreads})
 * @param claimingStopped whether the node claims no new jobs for its handlers because more than
 *     {@link ChronosBuilder#maxAbandonedThreads} threads are abandoned
 * @param unrecordedOutcomes outcomes of ended attempts kept because the store could not be reached,
 *     waiting to be written
 * @param listenerQueueDepth events waiting for the listener thread
 * @param listenerOverflow events dropped since the node started because the listener queue was full
 * @param oldestDueLag how late the earliest due job queued on this node is ({@link Duration#ZERO}
 *     when none is due yet or none is queued); jobs not loaded from the store are not seen
 */
public record ChronosStats(
    Instant takenAt,
    List<Lane> lanes,
    int abandonedThreads,
    boolean claimingStopped,
    int unrecordedOutcomes,
    int listenerQueueDepth,
    long listenerOverflow,
    Duration oldestDueLag) {

  /** Checks the values and copies the lanes. */
  public ChronosStats {
    Objects.requireNonNull(takenAt, "takenAt");
    lanes = List.copyOf(lanes);
    Objects.requireNonNull(oldestDueLag, "oldestDueLag");
  }

  /**
   * When the snapshot was taken.
   *
   * @return the node's clock at the snapshot
   */
  @Override
  public Instant takenAt() {
    return takenAt;
  }

  /**
   * The node's lanes: {@code handlers}, then {@code push} when push delivery is on.
   *
   * @return the lanes, unmodifiable
   */
  @Override
  public List<Lane> lanes() {
    return lanes;
  }

  /**
   * Worker threads still inside a handler that ran past its timeout and ignored the interrupt.
   *
   * @return abandoned threads
   */
  @Override
  public int abandonedThreads() {
    return abandonedThreads;
  }

  /**
   * Whether the node claims no new jobs for its handlers because more than {@link
   * ChronosBuilder#maxAbandonedThreads} threads are abandoned.
   *
   * @return true while claiming is stopped
   */
  @Override
  public boolean claimingStopped() {
    return claimingStopped;
  }

  /**
   * Outcomes of ended attempts kept because the store could not be reached.
   *
   * @return outcomes waiting to be written
   */
  @Override
  public int unrecordedOutcomes() {
    return unrecordedOutcomes;
  }

  /**
   * Events waiting for the listener thread.
   *
   * @return the listener queue's depth
   */
  @Override
  public int listenerQueueDepth() {
    return listenerQueueDepth;
  }

  /**
   * Events dropped since the node started because the listener queue was full.
   *
   * @return dropped events
   */
  @Override
  public long listenerOverflow() {
    return listenerOverflow;
  }

  /**
   * How late the earliest due job queued on this node is.
   *
   * @return the lag, {@link Duration#ZERO} when none is due yet or none is queued
   */
  @Override
  public Duration oldestDueLag() {
    return oldestDueLag;
  }

  /**
   * The lane of this name.
   *
   * @param name {@code handlers} or {@code push}
   * @return the lane, or empty if the node has none of that name (push delivery off)
   */
  public Optional<Lane> lane(String name) {
    return lanes.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /**
   * One lane of the node: its own queue of due jobs and its own slots.
   *
   * @param name {@code handlers} or {@code push}
   * @param queued jobs waiting in this lane: loaded into its due queue (due now or within the
   *     look-ahead window) or claimed and waiting for a free slot
   * @param running attempts claimed by this lane whose outcome is not written yet: running, or
   *     ended with the outcome on its way to the store
   * @param freeSlots slots free to start an attempt now ({@code workerThreads} or {@code
   *     pushConcurrency} minus the slots in use)
   */
  public record Lane(String name, int queued, int running, int freeSlots) {
    /** Checks the values. */
    public Lane {
      Objects.requireNonNull(name, "name");
    }

    /**
     * The lane's name.
     *
     * @return {@code handlers} or {@code push}
     */
    @Override
    public String name() {
      return name;
    }

    /**
     * Jobs waiting in this lane: in its due queue or claimed and waiting for a slot.
     *
     * @return queued jobs
     */
    @Override
    public int queued() {
      return queued;
    }

    /**
     * Attempts claimed by this lane whose outcome is not written yet.
     *
     * @return attempts in flight
     */
    @Override
    public int running() {
      return running;
    }

    /**
     * Slots free to start an attempt now.
     *
     * @return free slots
     */
    @Override
    public int freeSlots() {
      return freeSlots;
    }
  }
}
