package dev.chronos.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One node's row in the store's node registry: who it is, since when, what it serves, and when it
 * last said it is alive. A node is live while its last heartbeat is younger than the engine's node
 * timeout ({@code now < heartbeatAt + timeout}).
 *
 * @param nodeId the node's id, unique among live nodes
 * @param registrationId a new random id for each start of a node, so that a node whose heartbeat
 *     expired and whose id was then taken by another node cannot heartbeat over it
 * @param startedAt when the node registered
 * @param heartbeatAt when it last said it is alive
 * @param handlers the in-process handlers it registers
 * @param pulledHandlers the handlers pull workers asked this node to claim recently
 * @param lanes what it delivers: {@link #LANE_HANDLERS} when it registers handlers, {@link
 *     #LANE_PUSH} when push delivery is on
 */
public record RegisteredNode(
    String nodeId,
    UUID registrationId,
    Instant startedAt,
    Instant heartbeatAt,
    Set<String> handlers,
    Set<String> pulledHandlers,
    Set<String> lanes) {

  /** The lane of a node that runs in-process handlers. */
  public static final String LANE_HANDLERS = "handlers";

  /** The lane of a node that sends push jobs. */
  public static final String LANE_PUSH = "push";

  /** Checks that the parts are present and copies the sets. */
  public RegisteredNode {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(registrationId, "registrationId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(heartbeatAt, "heartbeatAt");
    handlers = Set.copyOf(handlers);
    pulledHandlers = Set.copyOf(pulledHandlers);
    lanes = Set.copyOf(lanes);
  }

  /**
   * Whether the node is live at {@code now}: its last heartbeat is younger than {@code timeout}.
   *
   * @param now the current time
   * @param timeout how long a heartbeat keeps a node live
   * @return true while {@code now < heartbeatAt + timeout}
   */
  public boolean isLive(Instant now, Duration timeout) {
    return now.isBefore(heartbeatAt.plus(timeout));
  }

  /**
   * The same node after a heartbeat.
   *
   * @param now the time of the heartbeat
   * @param pulled the handlers pull workers asked it for recently
   * @return the node with {@code heartbeatAt = now}
   */
  public RegisteredNode heartbeat(Instant now, Set<String> pulled) {
    return new RegisteredNode(nodeId, registrationId, startedAt, now, handlers, pulled, lanes);
  }
}
