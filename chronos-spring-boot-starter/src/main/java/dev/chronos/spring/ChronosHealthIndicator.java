package dev.chronos.spring;

import dev.chronos.Chronos;
import dev.chronos.ChronosStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the auto-configured node, as Spring Boot's {@code chronos} health contributor.
 *
 * <ul>
 *   <li><b>DOWN</b> when the store cannot be reached (a look-up of one job by id, the cheapest read
 *       a store has, fails), or when the node stopped claiming for its handlers because too many
 *       threads are abandoned (only a restart frees them)
 *   <li><b>OUT_OF_SERVICE</b> once the node is shutting down or closed
 *   <li><b>UP</b> otherwise, including a node not started on purpose ({@code
 *       chronos.auto-start=false}: it accepts jobs and runs none) and a node with a backlog
 * </ul>
 *
 * <p>Details: {@code nodeId}, {@code state} ({@code running}, {@code not-started}, {@code
 * stopped}), per lane {@code queued}, {@code running} and {@code freeSlots}, {@code
 * abandonedThreads}, {@code claimingStopped}, {@code unrecordedOutcomes}, {@code oldestDueLag} and
 * {@code lagging} (the lag above {@code chronos.health.lag-threshold}), {@code listenerDropped},
 * and {@code error} when the store failed. No detail is read from the store but the probe.
 */
public class ChronosHealthIndicator implements HealthIndicator {
  // A random id no job has: the probe finds nothing, by primary key.
  private static final UUID PROBE = UUID.fromString("00000000-0000-4000-8000-00000000c4e1");

  private final Chronos chronos;
  private final ChronosLifecycle lifecycle;
  private final Duration lagThreshold;

  /**
   * Makes the indicator of a node.
   *
   * @param chronos the node
   * @param lifecycle its lifecycle, which knows whether it runs
   * @param lagThreshold the lag above which {@code lagging} is true
   */
  public ChronosHealthIndicator(
      Chronos chronos, ChronosLifecycle lifecycle, Duration lagThreshold) {
    this.chronos = Objects.requireNonNull(chronos, "chronos");
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    this.lagThreshold = Objects.requireNonNull(lagThreshold, "lagThreshold");
  }

  @Override
  public Health health() {
    if (lifecycle.isStopped()) {
      return Health.outOfService()
          .withDetail("nodeId", chronos.nodeId())
          .withDetail("state", "stopped")
          .build();
    }
    ChronosStats stats = chronos.stats();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("nodeId", chronos.nodeId());
    details.put("state", lifecycle.isRunning() ? "running" : "not-started");
    Map<String, Object> lanes = new LinkedHashMap<>();
    for (ChronosStats.Lane lane : stats.lanes()) {
      lanes.put(
          lane.name(),
          Map.of(
              "queued", lane.queued(), "running", lane.running(), "freeSlots", lane.freeSlots()));
    }
    details.put("lanes", lanes);
    details.put("abandonedThreads", stats.abandonedThreads());
    details.put("claimingStopped", stats.claimingStopped());
    details.put("unrecordedOutcomes", stats.unrecordedOutcomes());
    details.put("oldestDueLag", stats.oldestDueLag().toString());
    details.put("lagging", stats.oldestDueLag().compareTo(lagThreshold) > 0);
    details.put("listenerDropped", stats.listenerOverflow());

    Health.Builder health;
    try {
      chronos.job(PROBE);
      health = stats.claimingStopped() ? Health.down() : Health.up();
      details.put("store", "reachable");
    } catch (RuntimeException e) {
      health = Health.down();
      details.put("store", "unreachable");
      details.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return health.withDetails(details).build();
  }
}
