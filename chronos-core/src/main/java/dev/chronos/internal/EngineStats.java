package dev.chronos.internal;

import dev.chronos.ChronosStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds a node's {@link ChronosStats} from its lanes and events, from memory only. */
final class EngineStats {
  private EngineStats() {}

  /**
   * @param now the node's clock
   * @param lanes the handler lane first, then the push lane if there is one
   * @param pausedHandlers the handlers paused on this node
   */
  static ChronosStats snapshot(
      Instant now, List<Dispatcher> lanes, Events events, Set<String> pausedHandlers) {
    Dispatcher handlers = lanes.get(0);
    List<ChronosStats.Lane> laneStats = new ArrayList<>();
    int unrecorded = 0;
    Instant earliest = null;
    for (Dispatcher lane : lanes) {
      laneStats.add(lane.stats(lane == handlers ? "handlers" : "push"));
      unrecorded += lane.unrecorded();
      Instant first = lane.earliestQueued();
      if (first != null && (earliest == null || first.isBefore(earliest))) {
        earliest = first;
      }
    }
    Duration lag =
        earliest == null || !earliest.isBefore(now)
            ? Duration.ZERO
            : Duration.between(earliest, now);
    return new ChronosStats(
        now,
        laneStats,
        handlers.abandonedThreads(),
        handlers.claimingStopped(),
        unrecorded,
        events.listenerQueueDepth(),
        events.listenerOverflow(),
        lag,
        List.copyOf(pausedHandlers));
  }
}
