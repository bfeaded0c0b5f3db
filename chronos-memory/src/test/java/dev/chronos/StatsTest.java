package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Chronos#stats()}: a snapshot of the node's queues, slots and backlogs. */
class StatsTest {
  private final MutableClock clock = MutableClock.fixed();
  private final FaultyStore store = new FaultyStore();
  private ChronosEngine chronos =
      TestNodes.inline(
          TestNodes.builder(store, clock)
              .workerThreads(3)
              .pushConcurrency(5)
              .handler("h", ctx -> "ok"));

  @AfterEach
  void close() {
    chronos.close();
  }

  private void submit(int jobs) {
    for (int i = 0; i < jobs; i++) {
      chronos.submit(JobRequest.builder().name("j" + i).handler("h").build());
    }
  }

  @Test
  void a_fresh_node_has_free_slots_in_both_lanes_and_nothing_queued_or_behind() {
    ChronosStats stats = chronos.stats();

    assertThat(stats.takenAt()).isEqualTo(clock.instant());
    assertThat(stats.lanes())
        .containsExactly(
            new ChronosStats.Lane("handlers", 0, 0, 3), new ChronosStats.Lane("push", 0, 0, 5));
    assertThat(stats.abandonedThreads()).isZero();
    assertThat(stats.claimingStopped()).isFalse();
    assertThat(stats.unrecordedOutcomes()).isZero();
    assertThat(stats.listenerQueueDepth()).isZero();
    assertThat(stats.listenerOverflow()).isZero();
    assertThat(stats.oldestDueLag()).isEqualTo(Duration.ZERO);
  }

  @Test
  void paused_handlers_are_in_the_snapshot_and_its_json_until_resumed() {
    assertThat(chronos.stats().pausedHandlers()).isEmpty();
    chronos.pause("send-email");
    chronos.pause("h");
    chronos.pause("h");

    ChronosStats paused = chronos.stats();
    assertThat(paused.pausedHandlers()).containsExactly("h", "send-email");
    JsonNode json = paused.toJson();
    assertThat(json.get("paused_handlers")).hasSize(2);
    assertThat(json.get("paused_handlers").get(0).asText()).isEqualTo("h");
    assertThat(json.get("paused_handlers").get(1).asText()).isEqualTo("send-email");
    assertThat(json.get("taken_at").asText()).isEqualTo(clock.instant().toString());
    assertThat(json.get("lanes").get(0).get("name").asText()).isEqualTo("handlers");
    assertThat(json.get("lanes").get(0).get("free_slots").asInt()).isEqualTo(3);
    assertThat(json.get("oldest_due_lag_ms").asLong()).isZero();

    chronos.resume("h");
    assertThat(chronos.stats().pausedHandlers()).containsExactly("send-email");
    assertThatThrownBy(() -> paused.pausedHandlers().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void due_jobs_waiting_in_the_queue_are_counted_with_the_lag_of_the_oldest() {
    submit(4);
    clock.advance(Duration.ofSeconds(5));

    ChronosStats waiting = chronos.stats();
    assertThat(waiting.lane("handlers").orElseThrow().queued()).isEqualTo(4);
    assertThat(waiting.oldestDueLag()).isEqualTo(Duration.ofSeconds(5));

    chronos.runDue();
    ChronosStats done = chronos.stats();
    assertThat(done.lane("handlers").orElseThrow().queued()).isZero();
    assertThat(done.oldestDueLag()).isEqualTo(Duration.ZERO);
  }

  @Test
  void a_job_due_later_is_queued_without_lag() {
    chronos.submit(
        JobRequest.builder().name("later").handler("h").delay(10, DelayUnit.SECOND).build());

    ChronosStats stats = chronos.stats();
    assertThat(stats.lane("handlers").orElseThrow().queued()).isEqualTo(1);
    assertThat(stats.oldestDueLag()).isEqualTo(Duration.ZERO);
  }

  @Test
  void outcomes_the_store_could_not_take_are_counted_as_unrecorded_and_their_attempts_as_running() {
    store.failOutcomes(o -> FaultyStore.unavailable());
    submit(2);
    chronos.runDue();

    ChronosStats stats = chronos.stats();
    assertThat(stats.unrecordedOutcomes()).isEqualTo(2);
    assertThat(stats.lane("handlers").orElseThrow().running()).isEqualTo(2);
    assertThat(stats.lane("handlers").orElseThrow().freeSlots()).isEqualTo(3);

    store.failOutcomes(o -> null);
    clock.advance(Duration.ofSeconds(1));
    chronos.runDue();
    assertThat(chronos.stats().unrecordedOutcomes()).isZero();
    assertThat(chronos.stats().lane("handlers").orElseThrow().running()).isZero();
  }

  @Test
  void a_node_without_push_delivery_has_only_the_handlers_lane() {
    chronos.close();
    chronos =
        TestNodes.inline(
            TestNodes.builder(new InMemoryJobStore(), clock)
                .pushConcurrency(0)
                .handler("h", c -> 1));

    assertThat(chronos.stats().lanes())
        .extracting(ChronosStats.Lane::name)
        .containsExactly("handlers");
    assertThat(chronos.stats().lane("push")).isEmpty();
  }
}
