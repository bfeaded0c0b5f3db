package dev.chronos.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.chronos.spi.RegisteredNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The node registry ({@code <prefix>nodes}) and store-wide leases ({@code <prefix>leases}) of the
 * JDBC store: the same SQL on H2 and PostgreSQL. Taking an id or a lease is a conditional UPDATE of
 * the existing row (only if it is free: expired, or already ours), else an INSERT that the primary
 * key refuses when another node got there first; each statement is its own transaction, so a
 * refused INSERT never aborts anything else.
 */
public final class NodeStatements {
  private final Jdbi jdbi;
  private final String nodes;
  private final String leases;

  /** Statements on this Jdbi for the tables of this prefix. */
  public NodeStatements(Jdbi jdbi, Sql sql) {
    this.jdbi = jdbi;
    this.nodes = sql.prefix + "nodes";
    this.leases = sql.prefix + "leases";
  }

  private static final RowMapper<RegisteredNode> NODE =
      (rs, ctx) ->
          new RegisteredNode(
              rs.getString("node_id"),
              Rows.uuid(rs, "registration_id"),
              Rows.instant(rs, "started_at"),
              Rows.instant(rs, "heartbeat_at"),
              names(rs.getString("handlers")),
              names(rs.getString("pulled_handlers")),
              names(rs.getString("lanes")));

  /**
   * Registers the node unless a live node holds its id.
   *
   * @return empty if registered, else the live holder
   */
  public Optional<RegisteredNode> register(RegisteredNode node, Duration timeout) {
    // A row is free when now >= heartbeat_at + timeout, that is heartbeat_at <= now - timeout.
    Instant expiredBy = node.heartbeatAt().minus(timeout);
    for (int round = 0; ; round++) {
      int replaced =
          jdbi.withHandle(
              h ->
                  h.createUpdate(
                          "UPDATE "
                              + nodes
                              + " SET registration_id = :registrationId, started_at = :startedAt,"
                              + " heartbeat_at = :heartbeatAt, handlers = :handlers,"
                              + " pulled_handlers = :pulled, lanes = :lanes"
                              + " WHERE node_id = :nodeId AND heartbeat_at <= :expiredBy")
                      .bind("nodeId", node.nodeId())
                      .bind("registrationId", node.registrationId())
                      .bind("startedAt", node.startedAt())
                      .bind("heartbeatAt", node.heartbeatAt())
                      .bind("handlers", text(node.handlers()))
                      .bind("pulled", text(node.pulledHandlers()))
                      .bind("lanes", text(node.lanes()))
                      .bind("expiredBy", expiredBy)
                      .execute());
      if (replaced == 1) {
        return Optional.empty();
      }
      try {
        jdbi.useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO "
                            + nodes
                            + " (node_id, registration_id, started_at, heartbeat_at, handlers,"
                            + " pulled_handlers, lanes) VALUES (:nodeId, :registrationId,"
                            + " :startedAt, :heartbeatAt, :handlers, :pulled, :lanes)")
                    .bind("nodeId", node.nodeId())
                    .bind("registrationId", node.registrationId())
                    .bind("startedAt", node.startedAt())
                    .bind("heartbeatAt", node.heartbeatAt())
                    .bind("handlers", text(node.handlers()))
                    .bind("pulled", text(node.pulledHandlers()))
                    .bind("lanes", text(node.lanes()))
                    .execute());
        return Optional.empty();
      } catch (JdbiException e) {
        if (!JdbcStatements.isUniqueViolation(e)) {
          throw e;
        }
      }
      Optional<RegisteredNode> holder = find(node.nodeId());
      if (holder.isPresent() && holder.get().isLive(node.heartbeatAt(), timeout)) {
        return holder;
      }
      if (round >= 5) {
        throw new IllegalStateException(
            "node id " + node.nodeId() + " kept changing hands while registering");
      }
      // The holder expired or unregistered in between: try again.
    }
  }

  private Optional<RegisteredNode> find(String nodeId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM " + nodes + " WHERE node_id = :nodeId")
                .bind("nodeId", nodeId)
                .map(NODE)
                .findOne());
  }

  /** Heartbeats a registration; false if it is gone. */
  public boolean heartbeat(
      String nodeId, UUID registrationId, Set<String> pulledHandlers, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE "
                            + nodes
                            + " SET heartbeat_at = :now, pulled_handlers = :pulled"
                            + " WHERE node_id = :nodeId AND registration_id = :registrationId")
                    .bind("now", now)
                    .bind("pulled", text(pulledHandlers))
                    .bind("nodeId", nodeId)
                    .bind("registrationId", registrationId)
                    .execute())
        == 1;
  }

  /** Nodes whose heartbeat is younger than the timeout. */
  public List<RegisteredNode> live(Instant now, Duration timeout) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM " + nodes + " WHERE heartbeat_at > :expiredBy ORDER BY node_id")
                .bind("expiredBy", now.minus(timeout))
                .map(NODE)
                .list());
  }

  /** Deletes a registration if it is still the given one. */
  public Void unregister(String nodeId, UUID registrationId) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM "
                        + nodes
                        + " WHERE node_id = :nodeId AND registration_id = :registrationId")
                .bind("nodeId", nodeId)
                .bind("registrationId", registrationId)
                .execute());
    return null;
  }

  /** Deletes the rows of nodes not heard from since the cut-off. */
  public int removeDead(Instant heartbeatBefore) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM " + nodes + " WHERE heartbeat_at < :before")
                .bind("before", heartbeatBefore)
                .execute());
  }

  /** Takes or renews a lease; true if the holder has it. */
  public boolean acquireLease(String name, String holder, Instant now, Duration duration) {
    Instant until = now.plus(duration);
    for (int round = 0; round < 3; round++) {
      int taken =
          jdbi.withHandle(
              h ->
                  h.createUpdate(
                          "UPDATE "
                              + leases
                              + " SET holder = :holder, expires_at = :until WHERE name = :name"
                              + " AND (holder = :holder OR expires_at < :now)")
                      .bind("holder", holder)
                      .bind("until", until)
                      .bind("name", name)
                      .bind("now", now)
                      .execute());
      if (taken == 1) {
        return true;
      }
      boolean exists =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT holder FROM " + leases + " WHERE name = :name")
                      .bind("name", name)
                      .mapTo(String.class)
                      .findOne()
                      .isPresent());
      if (exists) {
        return false;
      }
      try {
        jdbi.useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO "
                            + leases
                            + " (name, holder, expires_at) VALUES (:name, :holder, :until)")
                    .bind("name", name)
                    .bind("holder", holder)
                    .bind("until", until)
                    .execute());
        return true;
      } catch (JdbiException e) {
        if (!JdbcStatements.isUniqueViolation(e)) {
          throw e;
        }
        // Another node inserted it first: read whose it is now.
      }
    }
    return false;
  }

  /** Deletes a lease if the holder has it. */
  public Void releaseLease(String name, String holder) {
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM " + leases + " WHERE name = :name AND holder = :holder")
                .bind("name", name)
                .bind("holder", holder)
                .execute());
    return null;
  }

  /** A set of names as a JSON array, sorted so that equal sets are equal text. */
  private static String text(Set<String> names) {
    ArrayNode array = Json.object().arrayNode();
    new TreeSet<>(names).forEach(array::add);
    return Json.write(array);
  }

  private static Set<String> names(String text) {
    try {
      Set<String> names = new TreeSet<>();
      for (JsonNode name : Json.read(text)) {
        names.add(name.asText());
      }
      return names;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
