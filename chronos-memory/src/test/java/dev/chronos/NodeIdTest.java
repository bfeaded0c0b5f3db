package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.RegisteredNode;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node takes its id in the store's node registry at start: a second node with the id of a live
 * node is refused, and the id is free again once the first closes or stops heartbeating.
 */
class NodeIdTest {
  private static final Duration TIMEOUT = ChronosBuilder.DEFAULT_NODE_TIMEOUT;

  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final List<Chronos> nodes = new ArrayList<>();

  @AfterEach
  void closeNodes() {
    nodes.forEach(Chronos::close);
  }

  private dev.chronos.internal.ChronosEngine node(String id) {
    var node =
        TestNodes.withWorkers(
            TestNodes.builder(store, clock)
                .nodeId(id)
                .pollInterval(Duration.ofSeconds(10))
                .handler("send-email", ctx -> "sent"));
    nodes.add(node);
    return node;
  }

  @Test
  void a_started_node_is_registered_with_its_handlers_and_lanes() {
    node("node-a").start();

    assertThat(store.liveNodes(clock.instant(), TIMEOUT))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.nodeId()).isEqualTo("node-a");
              assertThat(n.startedAt()).isEqualTo(clock.instant());
              assertThat(n.handlers()).containsExactly("send-email");
              assertThat(n.lanes())
                  .containsExactlyInAnyOrder(
                      RegisteredNode.LANE_HANDLERS, RegisteredNode.LANE_PUSH);
            });
  }

  @Test
  void a_second_node_with_the_id_of_a_live_node_is_refused_at_start_naming_the_id_and_the_store() {
    node("node-a").start();
    Chronos twin = node("node-a");

    assertThatThrownBy(twin::start)
        .isInstanceOfSatisfying(
            NodeIdInUseException.class,
            e -> {
              assertThat(e.nodeId()).isEqualTo("node-a");
              assertThat(e.store()).isEqualTo("in-memory");
              assertThat(e.getMessage())
                  .contains("Node id 'node-a' is held by another live node in store in-memory");
            });
    assertThat(store.liveNodes(clock.instant(), TIMEOUT)).hasSize(1);
  }

  @Test
  void the_id_is_free_again_once_the_node_holding_it_closed() {
    Chronos first = node("node-a").start();
    Chronos twin = node("node-a");
    assertThatThrownBy(twin::start).isInstanceOf(NodeIdInUseException.class);

    first.close();

    twin.start();
    assertThat(store.liveNodes(clock.instant(), TIMEOUT)).hasSize(1);
  }

  @Test
  void the_id_is_free_again_once_the_holders_heartbeat_expired() {
    // A node of another process that was killed: its row stays, its heartbeat grows old.
    store.registerNode(
        new RegisteredNode(
            "node-a",
            java.util.UUID.randomUUID(),
            clock.instant(),
            clock.instant(),
            Set.of("send-email"),
            Set.of(),
            Set.of(RegisteredNode.LANE_HANDLERS)),
        TIMEOUT);
    clock.advance(TIMEOUT.minusSeconds(1));
    assertThatThrownBy(() -> node("node-a").start()).isInstanceOf(NodeIdInUseException.class);
    clock.advance(Duration.ofSeconds(1));

    node("node-a").start();

    assertThat(store.liveNodes(clock.instant(), TIMEOUT))
        .singleElement()
        .satisfies(n -> assertThat(n.startedAt()).isEqualTo(clock.instant()));
  }

  @Test
  void a_running_node_keeps_its_id_by_heartbeating_for_longer_than_the_timeout() {
    var first = node("node-a");
    first.start();
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(10));
      first.runDue();
    }

    assertThatThrownBy(() -> node("node-a").start()).isInstanceOf(NodeIdInUseException.class);
  }

  @Test
  void nodes_with_different_ids_run_side_by_side() {
    node("node-a").start();
    node("node-b").start();

    assertThat(store.liveNodes(clock.instant(), TIMEOUT))
        .extracting(RegisteredNode::nodeId)
        .containsExactly("node-a", "node-b");
  }

  @Test
  void a_node_that_lost_its_registration_registers_again_at_its_next_heartbeat() {
    var first = node("node-a");
    first.start();
    RegisteredNode row = store.liveNodes(clock.instant(), TIMEOUT).get(0);
    store.unregisterNode("node-a", row.registrationId());

    clock.advance(Duration.ofSeconds(10));
    first.runDue();

    assertThat(store.liveNodes(clock.instant(), TIMEOUT))
        .singleElement()
        .satisfies(n -> assertThat(n.registrationId()).isNotEqualTo(row.registrationId()));
  }

  @Test
  void a_node_timeout_shorter_than_three_poll_intervals_is_refused() {
    var builder =
        Chronos.builder()
            .store(store)
            .pollInterval(Duration.ofSeconds(5))
            .nodeTimeout(Duration.ofSeconds(10));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nodeTimeout");
  }

  @Test
  void pull_workers_asking_for_a_handler_publish_it_with_the_next_heartbeat() throws Exception {
    var first = node("node-a");
    first.start();

    first.pull("worker-1").claim(Set.of("resize"), 1, Duration.ZERO);
    clock.advance(Duration.ofSeconds(10));
    first.runDue();

    assertThat(store.liveNodes(clock.instant(), TIMEOUT))
        .singleElement()
        .satisfies(n -> assertThat(n.pulledHandlers()).containsExactly("resize"));
  }
}
