package dev.chronos;

import java.time.Duration;
import java.time.Instant;

/**
 * Another live node already holds this node's id in the store (API code {@code node_id_in_use}):
 * {@link Chronos#start()} refused to start, and nothing runs. Two processes with one id would make
 * the executions' {@code node} ambiguous and let one release the other's work.
 *
 * <p>The id is free again once the other node closes, or once its last heartbeat is older than the
 * node timeout (a node that died). Give each process its own id ({@link ChronosBuilder#nodeId}), or
 * leave the default, which is unique per process.
 */
public final class NodeIdInUseException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final String nodeId;
  private final String store;
  private final Instant heldSince;
  private final Instant lastHeartbeat;

  /**
   * Creates the exception.
   *
   * @param nodeId the id that is taken
   * @param store the store the other node is registered in, as {@link
   *     dev.chronos.spi.JobStore#describe()} names it
   * @param heldSince when the other node registered
   * @param lastHeartbeat when the other node last said it is alive
   * @param timeout how long a heartbeat keeps a node live
   */
  public NodeIdInUseException(
      String nodeId, String store, Instant heldSince, Instant lastHeartbeat, Duration timeout) {
    super(
        "node_id_in_use",
        "Node id '"
            + nodeId
            + "' is held by another live node in store "
            + store
            + " (registered at "
            + heldSince
            + ", last heartbeat at "
            + lastHeartbeat
            + "); it is free once that node closes or "
            + timeout.toSeconds()
            + " s after its last heartbeat. Give this node another nodeId.");
    this.nodeId = nodeId;
    this.store = store;
    this.heldSince = heldSince;
    this.lastHeartbeat = lastHeartbeat;
  }

  /**
   * Returns the id that is taken.
   *
   * @return the node id
   */
  public String nodeId() {
    return nodeId;
  }

  /**
   * Returns where the id is held: the store the other node is registered in.
   *
   * @return the store's description, for example {@code postgresql:jdbc:postgresql://db/app}
   */
  public String store() {
    return store;
  }

  /**
   * Returns when the other node registered.
   *
   * @return its start time
   */
  public Instant heldSince() {
    return heldSince;
  }

  /**
   * Returns when the other node last said it is alive.
   *
   * @return its last heartbeat
   */
  public Instant lastHeartbeat() {
    return lastHeartbeat;
  }
}
