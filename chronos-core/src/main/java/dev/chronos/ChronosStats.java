package dev.chronos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * @param pausedHandlers the handlers paused on this node ({@link Chronos#pause}), by name
 */
public record ChronosStats(
    Instant takenAt,
    List<Lane> lanes,
    int abandonedThreads,
    boolean claimingStopped,
    int unrecordedOutcomes,
    int listenerQueueDepth,
    long listenerOverflow,
    Duration oldestDueLag,
    List<String> pausedHandlers) {

  /** Checks the values, copies the lanes and sorts the paused handlers. */
  public ChronosStats {
    Objects.requireNonNull(takenAt, "takenAt");
    lanes = List.copyOf(lanes);
    Objects.requireNonNull(oldestDueLag, "oldestDueLag");
    pausedHandlers = pausedHandlers.stream().sorted().toList();
  }

  /**
   * A snapshot with no paused handlers (the components before {@code pausedHandlers} was added).
   *
   * @param takenAt when the snapshot was taken
   * @param lanes the node's lanes
   * @param abandonedThreads abandoned worker threads
   * @param claimingStopped whether claiming is stopped
   * @param unrecordedOutcomes outcomes waiting to be written
   * @param listenerQueueDepth events waiting for the listener thread
   * @param listenerOverflow events dropped
   * @param oldestDueLag how late the earliest due queued job is
   */
  public ChronosStats(
      Instant takenAt,
      List<Lane> lanes,
      int abandonedThreads,
      boolean claimingStopped,
      int unrecordedOutcomes,
      int listenerQueueDepth,
      long listenerOverflow,
      Duration oldestDueLag) {
    this(
        takenAt,
        lanes,
        abandonedThreads,
        claimingStopped,
        unrecordedOutcomes,
        listenerQueueDepth,
        listenerOverflow,
        oldestDueLag,
        List.of());
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
   * The handlers paused on this node ({@link Chronos#pause}): it claims none of their jobs until
   * they are resumed.
   *
   * @return their names, sorted, unmodifiable
   */
  @Override
  public List<String> pausedHandlers() {
    return pausedHandlers;
  }

  /**
   * The snapshot in the API's JSON (snake_case, as in the {@code node} object of {@code GET
   * /v1/stats}): {@code taken_at}, {@code lanes} (each with {@code name}, {@code queued}, {@code
   * running}, {@code free_slots}), {@code abandoned_threads}, {@code claiming_stopped}, {@code
   * unrecorded_outcomes}, {@code listener_queue_depth}, {@code listener_overflow}, {@code
   * oldest_due_lag_ms} and {@code paused_handlers}.
   *
   * @return a new JSON object
   */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("taken_at", takenAt.toString());
    ArrayNode laneArray = o.putArray("lanes");
    for (Lane lane : lanes) {
      laneArray
          .addObject()
          .put("name", lane.name())
          .put("queued", lane.queued())
          .put("running", lane.running())
          .put("free_slots", lane.freeSlots());
    }
    o.put("abandoned_threads", abandonedThreads);
    o.put("claiming_stopped", claimingStopped);
    o.put("unrecorded_outcomes", unrecordedOutcomes);
    o.put("listener_queue_depth", listenerQueueDepth);
    o.put("listener_overflow", listenerOverflow);
    o.put("oldest_due_lag_ms", oldestDueLag.toMillis());
    pausedHandlers.forEach(o.putArray("paused_handlers")::add);
    return o;
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
