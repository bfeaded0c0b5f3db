package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandlerRegistryTest {
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();

  @Test
  void a_handler_name_can_be_registered_once() {
    ChronosBuilder builder = Chronos.builder().handler("send-email", ctx -> null);

    assertThatThrownBy(() -> builder.handler("send-email", ctx -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("send-email")
        .hasMessageContaining("already registered");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", " padded", "padded ", "tab\there"})
  void invalid_handler_names_are_rejected_when_building(String name) {
    assertThatThrownBy(() -> Chronos.builder().handler(name, ctx -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Handler name");
  }

  @Test
  void a_name_of_256_characters_is_rejected() {
    assertThatThrownBy(() -> Chronos.builder().handler("h".repeat(256), ctx -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("255");
  }

  @Test
  void a_store_is_required() {
    assertThatThrownBy(() -> Chronos.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("store");
  }

  @Test
  void a_job_for_a_handler_this_node_lacks_stays_pending_for_a_node_that_has_it() {
    ChronosEngine without =
        TestNodes.inline(TestNodes.builder(store, clock).handler("other", ctx -> null));
    ChronosEngine with =
        TestNodes.inline(
            TestNodes.builder(store, clock).nodeId("node-b").handler("report", ctx -> "done"));
    Job job = without.submit(JobRequest.builder().name("r").handler("report").build());

    clock.advance(Duration.ofHours(3));
    without.runDue();
    assertThat(without.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    assertThat(without.executions(job.id())).isEmpty();

    with.runDue();
    assertThat(with.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(with.executions(job.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.node()).isEqualTo("node-b"));
  }

  @Test
  void settings_are_checked_when_set() {
    ChronosBuilder b = Chronos.builder();
    assertThatThrownBy(() -> b.workerThreads(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.pollInterval(Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.lookahead(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxQueueSize(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
