package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.RegisteredNode;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node logs a WARN, once per handler name, when pull jobs wait longer than the threshold (1
 * minute by default) for a handler that no live node registers and no pull worker asked for.
 */
class UnservedJobsWarningTest {
  private static final String WARNING = "WARN dev.chronos.nodes - Jobs for handler '";

  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final ChronosEngine chronos =
      TestNodes.inline(TestNodes.builder(store, clock).handler("send-email", ctx -> "sent"));
  private final LogLines log = LogLines.capture();

  @AfterEach
  void close() {
    log.close();
    chronos.close();
  }

  private Job submit(String handler) {
    return chronos.submit(
        JobRequest.builder().name("job").handler(handler).payload(Map.of("n", 1)).build());
  }

  @Test
  void warns_once_when_jobs_wait_longer_than_the_threshold_for_a_handler_nobody_serves() {
    submit("resize");
    submit("resize");

    clock.advance(Duration.ofSeconds(61));
    chronos.runDue();
    clock.advance(Duration.ofMinutes(10));
    chronos.runDue();

    assertThat(log.lines(WARNING + "resize'"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("have waited since 2026-01-15T09:00:00Z (longer than 1 min)")
                    .contains("no live node registers that handler")
                    .contains("no pull worker asked for it in the last 5 min")
                    .contains("on node test-node"));
  }

  @Test
  void does_not_warn_before_the_jobs_waited_as_long_as_the_threshold() {
    submit("resize");

    clock.advance(Duration.ofSeconds(59));
    chronos.runDue();

    assertThat(log.lines(WARNING)).isEmpty();
  }

  @Test
  void warns_separately_for_each_unserved_handler() {
    submit("resize");
    clock.advance(Duration.ofSeconds(61));
    chronos.runDue();
    submit("thumbnail");
    clock.advance(Duration.ofSeconds(61));
    chronos.runDue();

    assertThat(log.lines(WARNING + "resize'")).hasSize(1);
    assertThat(log.lines(WARNING + "thumbnail'")).hasSize(1);
  }

  @Test
  void a_handler_registered_by_another_live_node_is_served() {
    store.registerNode(
        new RegisteredNode(
            "node-b",
            UUID.randomUUID(),
            clock.instant(),
            clock.instant(),
            Set.of("resize"),
            Set.of(),
            Set.of(RegisteredNode.LANE_HANDLERS)),
        ChronosBuilder.DEFAULT_NODE_TIMEOUT);
    submit("resize");

    clock.advance(Duration.ofSeconds(29));
    chronos.runDue();

    assertThat(log.lines(WARNING)).isEmpty();
  }

  @Test
  void a_handler_of_a_node_whose_heartbeat_expired_is_no_longer_served() {
    store.registerNode(
        new RegisteredNode(
            "node-b",
            UUID.randomUUID(),
            clock.instant(),
            clock.instant(),
            Set.of("resize"),
            Set.of(),
            Set.of(RegisteredNode.LANE_HANDLERS)),
        ChronosBuilder.DEFAULT_NODE_TIMEOUT);
    submit("resize");

    clock.advance(Duration.ofSeconds(61));
    chronos.runDue();

    assertThat(log.lines(WARNING + "resize'")).hasSize(1);
  }

  @Test
  void a_handler_a_pull_worker_asked_for_recently_is_served() throws Exception {
    submit("resize");
    submit("resize");
    chronos.pull("worker-1").claim(Set.of("resize"), 1, Duration.ZERO);

    clock.advance(Duration.ofMinutes(4));
    chronos.runDue();
    assertThat(log.lines(WARNING)).isEmpty();

    clock.advance(Duration.ofMinutes(2));
    chronos.runDue();
    assertThat(log.lines(WARNING + "resize'")).hasSize(1);
  }

  @Test
  void the_threshold_is_a_builder_setting() {
    ChronosEngine patient =
        TestNodes.inline(
            TestNodes.builder(store, clock)
                .nodeId("patient")
                .unservedWarning(Duration.ofMinutes(10)));
    try {
      submit("resize");
      clock.advance(Duration.ofMinutes(9));
      patient.runDue();
      assertThat(log.lines(WARNING + "resize'")).isEmpty();

      clock.advance(Duration.ofMinutes(2));
      patient.runDue();
      assertThat(log.lines(WARNING + "resize'")).singleElement().asString().contains("patient");
    } finally {
      patient.close();
    }
  }
}
