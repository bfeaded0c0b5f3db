package dev.chronos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.NodeIdInUseException;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.RegisteredNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The node registry and the store-wide leases every {@link JobStore} must keep: extend this class,
 * implement {@link #createStore()}, and every test runs against the new store. Times are fixed
 * instants with microsecond precision; the store never reads a clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class NodeRegistryContractTest {
  /** The instant the tests start at. */
  protected static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  /** The node timeout the tests use. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final Duration MICRO = Duration.ofNanos(1_000);

  /** For subclasses, one per store under test. */
  protected NodeRegistryContractTest() {}

  private JobStore store;

  /**
   * Creates the store under test: a new, empty one for each test.
   *
   * @return the store
   */
  protected abstract JobStore createStore();

  @BeforeEach
  final void openStore() {
    store = createStore();
  }

  @AfterEach
  final void closeStore() {
    store.close();
  }

  private static RegisteredNode node(String id, Instant at) {
    return new RegisteredNode(
        id,
        UUID.randomUUID(),
        at,
        at,
        Set.of("send-email", "resize"),
        Set.of("report"),
        Set.of(RegisteredNode.LANE_HANDLERS, RegisteredNode.LANE_PUSH));
  }

  // ---------------------------------------------------------------------------------------------
  // registering

  @Test
  void a_registered_node_is_listed_as_live_with_everything_it_serves() {
    RegisteredNode node = node("node-a", NOW);

    store.registerNode(node, TIMEOUT);

    assertThat(store.liveNodes(NOW, TIMEOUT)).containsExactly(node);
  }

  @Test
  void a_node_id_held_by_a_live_node_is_refused_naming_the_id_and_the_holder() {
    RegisteredNode first = node("node-a", NOW);
    store.registerNode(first, TIMEOUT);
    Instant later = NOW.plus(TIMEOUT).minus(MICRO);

    assertThatThrownBy(() -> store.registerNode(node("node-a", later), TIMEOUT))
        .isInstanceOfSatisfying(
            NodeIdInUseException.class,
            e -> {
              assertThat(e.code()).isEqualTo("node_id_in_use");
              assertThat(e.nodeId()).isEqualTo("node-a");
              assertThat(e.heldSince()).isEqualTo(NOW);
              assertThat(e.lastHeartbeat()).isEqualTo(NOW);
              assertThat(e.store()).isNotBlank();
              assertThat(e.getMessage()).contains("node-a").contains(e.store());
            });
    assertThat(store.liveNodes(later, TIMEOUT)).containsExactly(first);
  }

  @Test
  void a_node_id_is_free_once_its_last_heartbeat_is_as_old_as_the_timeout() {
    store.registerNode(node("node-a", NOW), TIMEOUT);
    Instant expired = NOW.plus(TIMEOUT);
    RegisteredNode next = node("node-a", expired);

    store.registerNode(next, TIMEOUT);

    assertThat(store.liveNodes(expired, TIMEOUT)).containsExactly(next);
  }

  @Test
  void other_node_ids_register_beside_a_live_node() {
    store.registerNode(node("node-b", NOW), TIMEOUT);
    store.registerNode(node("node-a", NOW), TIMEOUT);

    assertThat(store.liveNodes(NOW, TIMEOUT))
        .extracting(RegisteredNode::nodeId)
        .containsExactly("node-a", "node-b");
  }

  @Test
  void concurrent_registrations_of_one_id_let_exactly_one_node_in() throws Exception {
    int threads = 8;
    List<Boolean> registered =
        runConcurrently(
            threads,
            i -> {
              try {
                store.registerNode(node("node-a", NOW), TIMEOUT);
                return true;
              } catch (NodeIdInUseException e) {
                return false;
              }
            });

    assertThat(registered).containsOnlyOnce(true);
    assertThat(store.liveNodes(NOW, TIMEOUT)).hasSize(1);
  }

  // ---------------------------------------------------------------------------------------------
  // heartbeats

  @Test
  void a_heartbeat_keeps_a_node_live_and_publishes_the_handlers_its_workers_pulled() {
    RegisteredNode node = node("node-a", NOW);
    store.registerNode(node, TIMEOUT);
    Instant beat = NOW.plusSeconds(20);

    assertThat(store.heartbeat("node-a", node.registrationId(), Set.of("thumbnail"), beat))
        .isTrue();

    Instant later = NOW.plusSeconds(45);
    assertThat(store.liveNodes(later, TIMEOUT))
        .containsExactly(node.heartbeat(beat, Set.of("thumbnail")));
    assertThatThrownBy(() -> store.registerNode(node("node-a", later), TIMEOUT))
        .isInstanceOf(NodeIdInUseException.class);
  }

  @Test
  void live_nodes_leave_out_those_whose_last_heartbeat_is_as_old_as_the_timeout() {
    RegisteredNode quiet = node("node-a", NOW);
    RegisteredNode beating = node("node-b", NOW);
    store.registerNode(quiet, TIMEOUT);
    store.registerNode(beating, TIMEOUT);
    store.heartbeat("node-b", beating.registrationId(), Set.of(), NOW.plusSeconds(10));

    assertThat(store.liveNodes(NOW.plus(TIMEOUT).minus(MICRO), TIMEOUT)).hasSize(2);
    assertThat(store.liveNodes(NOW.plus(TIMEOUT), TIMEOUT))
        .extracting(RegisteredNode::nodeId)
        .containsExactly("node-b");
  }

  @Test
  void the_heartbeat_of_a_registration_another_node_replaced_changes_nothing() {
    RegisteredNode old = node("node-a", NOW);
    store.registerNode(old, TIMEOUT);
    Instant expired = NOW.plus(TIMEOUT).plusSeconds(1);
    RegisteredNode taker = node("node-a", expired);
    store.registerNode(taker, TIMEOUT);

    assertThat(store.heartbeat("node-a", old.registrationId(), Set.of(), expired.plusSeconds(1)))
        .isFalse();
    assertThat(store.liveNodes(expired, TIMEOUT)).containsExactly(taker);
  }

  @Test
  void the_heartbeat_of_an_unknown_node_changes_nothing() {
    assertThat(store.heartbeat("node-x", UUID.randomUUID(), Set.of(), NOW)).isFalse();
    assertThat(store.liveNodes(NOW, TIMEOUT)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // leaving

  @Test
  void an_unregistered_node_frees_its_id_at_once() {
    RegisteredNode node = node("node-a", NOW);
    store.registerNode(node, TIMEOUT);

    store.unregisterNode("node-a", node.registrationId());

    assertThat(store.liveNodes(NOW, TIMEOUT)).isEmpty();
    RegisteredNode next = node("node-a", NOW.plusSeconds(1));
    store.registerNode(next, TIMEOUT);
    assertThat(store.liveNodes(NOW.plusSeconds(1), TIMEOUT)).containsExactly(next);
  }

  @Test
  void unregistering_a_replaced_registration_leaves_the_new_one() {
    RegisteredNode old = node("node-a", NOW);
    store.registerNode(old, TIMEOUT);
    Instant expired = NOW.plus(TIMEOUT);
    RegisteredNode taker = node("node-a", expired);
    store.registerNode(taker, TIMEOUT);

    store.unregisterNode("node-a", old.registrationId());

    assertThat(store.liveNodes(expired, TIMEOUT)).containsExactly(taker);
  }

  @Test
  void removing_dead_nodes_removes_only_rows_not_heard_from_since_the_cut_off() {
    RegisteredNode dead = node("node-a", NOW);
    RegisteredNode alive = node("node-b", NOW.plusSeconds(60));
    store.registerNode(dead, TIMEOUT);
    store.registerNode(alive, TIMEOUT);

    assertThat(store.removeDeadNodes(NOW.plusSeconds(60))).isEqualTo(1);

    assertThat(store.liveNodes(NOW.plusSeconds(60), TIMEOUT)).containsExactly(alive);
    assertThat(store.removeDeadNodes(NOW.plusSeconds(60))).isZero();
  }

  // ---------------------------------------------------------------------------------------------
  // leases

  @Test
  void a_lease_is_held_by_one_node_until_it_ends_and_renewed_by_its_holder() {
    Duration d = Duration.ofMinutes(3);
    assertThat(store.acquireLease("purge", "node-a", NOW, d)).isTrue();
    assertThat(store.acquireLease("purge", "node-b", NOW.plusSeconds(1), d)).isFalse();
    assertThat(store.acquireLease("purge", "node-a", NOW.plusSeconds(60), d)).isTrue();

    Instant renewedEnd = NOW.plusSeconds(60).plus(d);
    assertThat(store.acquireLease("purge", "node-b", renewedEnd, d)).isFalse();
    assertThat(store.acquireLease("purge", "node-b", renewedEnd.plus(MICRO), d)).isTrue();
    assertThat(store.acquireLease("purge", "node-a", renewedEnd.plusSeconds(1), d)).isFalse();
  }

  @Test
  void leases_of_different_names_are_independent() {
    Duration d = Duration.ofMinutes(3);
    assertThat(store.acquireLease("purge", "node-a", NOW, d)).isTrue();
    assertThat(store.acquireLease("report", "node-b", NOW, d)).isTrue();
  }

  @Test
  void a_released_lease_can_be_taken_at_once_and_only_its_holder_can_release_it() {
    Duration d = Duration.ofMinutes(3);
    store.acquireLease("purge", "node-a", NOW, d);

    store.releaseLease("purge", "node-b");
    assertThat(store.acquireLease("purge", "node-b", NOW, d)).isFalse();

    store.releaseLease("purge", "node-a");
    assertThat(store.acquireLease("purge", "node-b", NOW, d)).isTrue();
  }

  @Test
  void concurrent_requests_for_a_free_lease_give_it_to_exactly_one_node() throws Exception {
    List<Boolean> taken =
        runConcurrently(
            8, i -> store.acquireLease("purge", "node-" + i, NOW, Duration.ofMinutes(3)));

    assertThat(taken).containsOnlyOnce(true);
  }

  /** Runs {@code task(0..threads-1)} released together by a gate; returns results in order. */
  private static <T> List<T> runConcurrently(int threads, ThreadTask<T> task) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        Callable<T> call =
            () -> {
              start.await();
              return task.run(index);
            };
        futures.add(executor.submit(call));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      executor.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface ThreadTask<T> {
    T run(int index) throws Exception;
  }
}
