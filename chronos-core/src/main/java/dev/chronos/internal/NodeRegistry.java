package dev.chronos.internal;

import dev.chronos.NodeIdInUseException;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.RegisteredNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's row in the store's node registry. {@link #register()} at start takes the node id
 * (refused with {@link NodeIdInUseException} while another live node holds it); {@link
 * #heartbeatIfDue()} on the rescuer loop keeps it live, every third of the node timeout; {@link
 * #unregister()} at close frees the id at once. It also remembers which handlers pull workers asked
 * this node for ({@link #notePull}), published with each heartbeat, so that every node knows what
 * the cluster serves ({@link #servedHandlers}).
 *
 * <p>Thread-safe: the loop, pull workers and start/close call it from different threads; the
 * registration id and the last heartbeat are volatile and written only by start, close and the
 * loop.
 */
final class NodeRegistry {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.nodes");

  /** A handler a pull worker asked for counts as served for this long. */
  static final Duration PULL_RECENCY = Duration.ofMinutes(5);

  private final JobStore store;
  private final Clock clock;
  private final String nodeId;
  private final Set<String> handlers;
  private final Set<String> lanes;
  private final Duration timeout;

  /** Handler name -> when a pull worker last asked this node to claim it. */
  private final Map<String, Instant> pulled = new ConcurrentHashMap<>();

  /** This start's registration, or null while not registered. */
  private volatile UUID registrationId;

  private volatile Instant lastHeartbeat;
  private volatile boolean warnedLost;

  /** Set when another live node holds this node's id (see {@link #holdsId}). */
  private volatile boolean idLost;

  NodeRegistry(
      JobStore store,
      Clock clock,
      String nodeId,
      Set<String> handlers,
      boolean push,
      Duration timeout) {
    this.store = store;
    this.clock = clock;
    this.nodeId = nodeId;
    this.handlers = Set.copyOf(handlers);
    Set<String> lanes = new HashSet<>();
    if (!handlers.isEmpty()) {
      lanes.add(RegisteredNode.LANE_HANDLERS);
    }
    if (push) {
      lanes.add(RegisteredNode.LANE_PUSH);
    }
    this.lanes = Set.copyOf(lanes);
    this.timeout = timeout;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** This node's id. */
  String nodeId() {
    return nodeId;
  }

  /** How long a heartbeat keeps a node live. */
  Duration timeout() {
    return timeout;
  }

  /**
   * Takes this node's id in the store.
   *
   * @throws NodeIdInUseException if another live node holds it
   */
  void register() {
    Instant now = now();
    UUID registration = UUID.randomUUID();
    store.registerNode(node(registration, now, now), timeout);
    registrationId = registration;
    lastHeartbeat = now;
    warnedLost = false;
  }

  private RegisteredNode node(UUID registration, Instant startedAt, Instant now) {
    return new RegisteredNode(
        nodeId, registration, startedAt, now, handlers, pulledRecently(now), lanes);
  }

  /**
   * Heartbeats when a third of the node timeout has passed since the last one. A registration that
   * is gone (the store lost it, or the heartbeat expired during an outage and another node took the
   * id) is made again if the id is free; if another live node holds it, that is logged once.
   */
  void heartbeatIfDue() {
    UUID registration = registrationId;
    Instant last = lastHeartbeat;
    if (registration == null) {
      return;
    }
    Instant now = now();
    if (now.isBefore(last.plus(timeout.dividedBy(3)))) {
      return;
    }
    if (store.heartbeat(nodeId, registration, pulledRecently(now), now)) {
      lastHeartbeat = now;
      idLost = false;
      return;
    }
    try {
      UUID again = UUID.randomUUID();
      store.registerNode(node(again, now, now), timeout);
      registrationId = again;
      lastHeartbeat = now;
      idLost = false;
      log.warn(
          "Node {} had lost its registration in {} (its heartbeat expired); registered again",
          nodeId,
          store.describe());
    } catch (NodeIdInUseException e) {
      idLost = true;
      if (!warnedLost) {
        warnedLost = true;
        log.error(
            "Node {} lost its id to another node after its heartbeat expired: {} Close one of"
                + " the two.",
            nodeId,
            e.getMessage());
      }
    }
  }

  /**
   * Whether this node still holds its id. False once another live node took it: then this node must
   * not reconcile, since the store's running executions under the id may be the other node's.
   */
  boolean holdsId() {
    return !idLost;
  }

  /** Frees the id at close. */
  void unregister() {
    UUID registration = registrationId;
    if (registration != null) {
      registrationId = null;
      store.unregisterNode(nodeId, registration);
    }
  }

  /**
   * Remembers that a pull worker asked this node to claim jobs of these handlers.
   *
   * @param names the handlers
   */
  void notePull(Set<String> names) {
    Instant now = now();
    for (String name : names) {
      pulled.put(name, now);
    }
  }

  /** The handlers pull workers asked this node for within {@link #PULL_RECENCY}. */
  Set<String> pulledRecently(Instant now) {
    Instant since = now.minus(PULL_RECENCY);
    Set<String> recent = new HashSet<>();
    pulled.forEach(
        (name, at) -> {
          if (at.isAfter(since)) {
            recent.add(name);
          } else {
            pulled.remove(name, at);
          }
        });
    return recent;
  }

  /**
   * The handlers the cluster serves now: this node's own and those its pull workers asked for, and
   * those of every live node in the store.
   *
   * @param now the current time
   * @return the served handler names
   */
  Set<String> servedHandlers(Instant now) {
    Set<String> served = new HashSet<>(handlers);
    served.addAll(pulledRecently(now));
    for (RegisteredNode node : store.liveNodes(now, timeout)) {
      served.addAll(node.handlers());
      served.addAll(node.pulledHandlers());
    }
    return served;
  }
}
