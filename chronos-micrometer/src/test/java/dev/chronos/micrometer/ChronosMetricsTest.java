package dev.chronos.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.BackoffPolicy;
import dev.chronos.Chronos;
import dev.chronos.Delivery;
import dev.chronos.JobRequest;
import dev.chronos.SteppedNodes;
import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The meters of {@link ChronosMetrics} on the memory store, with a hand-driven clock and handlers
 * run on the test's thread, so every value is the one the test's jobs imply.
 */
class ChronosMetricsTest {
  private final MutableClock clock = MutableClock.fixed();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ChronosMetrics metrics =
      ChronosMetrics.builder().tags(List.of(Tag.of("app", "test"))).build();
  private final ChronosEngine chronos =
      SteppedNodes.inline(
          Chronos.builder()
              .store(new InMemoryJobStore())
              .clock(clock)
              .nodeId("metrics-test")
              .workerThreads(4)
              .backoff(
                  BackoffPolicy.exponential(
                      Duration.ofSeconds(1), Duration.ofHours(1), new Random(42)))
              .handler("ok", ctx -> "done")
              .handler(
                  "slow",
                  ctx -> {
                    clock.advance(Duration.ofSeconds(3));
                    return "done";
                  })
              .handler(
                  "boom",
                  ctx -> {
                    throw new IllegalStateException("boom");
                  })
              .listener(metrics));

  @AfterEach
  void close() {
    metrics.close();
    chronos.close();
  }

  private void bind() {
    metrics.attach(chronos).bindTo(registry);
  }

  private void submit(String handler, int maxRetries) {
    chronos.submit(
        JobRequest.builder()
            .name(handler + " job")
            .handler(handler)
            .maxRetries(maxRetries)
            .build());
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  private Timer timer(String name, String... tags) {
    return registry.get(name).tags(tags).timer();
  }

  @Test
  void attempts_are_timed_by_outcome_and_lag_is_the_time_from_due_to_claim() {
    bind();
    submit("ok", 3);
    submit("ok", 3);
    submit("boom", 0);
    clock.advance(Duration.ofSeconds(5));

    chronos.runDue();

    Timer completed = timer("chronos.attempts", "handler", "ok", "outcome", "completed");
    assertThat(completed.count()).isEqualTo(2);
    assertThat(completed.getId().getTag("lane")).isEqualTo("handlers");
    assertThat(completed.getId().getTag("app")).isEqualTo("test");
    assertThat(timer("chronos.attempts", "handler", "boom", "outcome", "failed").count())
        .isEqualTo(1);
    Timer lagOk = timer("chronos.attempts.lag", "handler", "ok");
    assertThat(lagOk.count()).isEqualTo(2);
    assertThat(lagOk.totalTime(TimeUnit.SECONDS)).isEqualTo(10.0);
    assertThat(lagOk.max(TimeUnit.SECONDS)).isEqualTo(5.0);
    assertThat(
            registry
                .get("chronos.jobs.submitted")
                .tags("handler", "ok", "lane", "handlers")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(registry.get("chronos.jobs.submitted").tags("handler", "boom").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void an_attempt_is_timed_from_its_claim_to_its_end() {
    bind();
    submit("slow", 3);

    chronos.runDue();

    Timer slow = timer("chronos.attempts", "handler", "slow", "outcome", "completed");
    assertThat(slow.count()).isEqualTo(1);
    assertThat(slow.totalTime(TimeUnit.SECONDS)).isEqualTo(3.0);
    assertThat(timer("chronos.attempts.lag", "handler", "slow").totalTime(TimeUnit.SECONDS))
        .isZero();
  }

  @Test
  void a_failed_attempt_that_will_be_retried_counts_as_failed_and_its_retry_as_completed() {
    int[] calls = {0};
    ChronosEngine flaky =
        SteppedNodes.inline(
            Chronos.builder()
                .store(new InMemoryJobStore())
                .clock(clock)
                .nodeId("flaky-node")
                .handler(
                    "flaky",
                    ctx -> {
                      if (calls[0]++ == 0) {
                        throw new IllegalStateException("first try fails");
                      }
                      return "ok";
                    })
                .listener(metrics));
    try {
      metrics.attach(flaky).bindTo(registry);
      flaky.submit(JobRequest.builder().name("flaky").handler("flaky").build());
      flaky.runDue();
      clock.advance(Duration.ofMinutes(1));
      flaky.runDue();

      assertThat(timer("chronos.attempts", "handler", "flaky", "outcome", "failed").count())
          .isEqualTo(1);
      assertThat(timer("chronos.attempts", "handler", "flaky", "outcome", "completed").count())
          .isEqualTo(1);
      assertThat(timer("chronos.attempts.lag", "handler", "flaky").count()).isEqualTo(2);
    } finally {
      flaky.close();
    }
  }

  @Test
  void an_attempt_handed_back_at_shutdown_counts_as_released_not_failed() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Chronos node =
        Chronos.builder()
            .store(new InMemoryJobStore())
            .nodeId("released-node")
            .shutdownTimeout(Duration.ofSeconds(1))
            .handler(
                "stubborn",
                ctx -> {
                  started.countDown();
                  new CountDownLatch(1).await(); // ends only when the node interrupts it
                  return "unreachable";
                })
            .listener(metrics)
            .build();
    metrics.attach(node).bindTo(registry);
    node.start();
    node.submit(JobRequest.builder().name("stubborn").handler("stubborn").build());
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    node.close(); // the listener queue is drained before close returns

    assertThat(timer("chronos.attempts", "handler", "stubborn", "outcome", "released").count())
        .isEqualTo(1);
    assertThat(registry.find("chronos.attempts").tags("outcome", "failed").timers()).isEmpty();
  }

  @Test
  void lane_gauges_and_the_oldest_due_age_follow_the_node() {
    bind();
    for (int i = 0; i < 3; i++) {
      submit("ok", 3);
    }
    clock.advance(Duration.ofSeconds(7));

    assertThat(gauge("chronos.lane.queued", "lane", "handlers")).isEqualTo(3.0);
    assertThat(gauge("chronos.lane.slots.free", "lane", "handlers")).isEqualTo(4.0);
    assertThat(gauge("chronos.lane.running", "lane", "handlers")).isZero();
    assertThat(registry.get("chronos.jobs.due.oldest.age").timeGauge().value(TimeUnit.SECONDS))
        .isEqualTo(7.0);
    assertThat(gauge("chronos.lane.slots.free", "lane", "push")).isEqualTo(64.0);

    chronos.runDue();

    assertThat(gauge("chronos.lane.queued", "lane", "handlers")).isZero();
    assertThat(registry.get("chronos.jobs.due.oldest.age").timeGauge().value(TimeUnit.SECONDS))
        .isZero();
    assertThat(gauge("chronos.threads.abandoned")).isZero();
    assertThat(gauge("chronos.outcomes.unrecorded")).isZero();
    assertThat(gauge("chronos.claiming.stopped")).isZero();
    assertThat(gauge("chronos.listener.queue.depth")).isZero();
    assertThat(registry.get("chronos.listener.dropped").functionCounter().count()).isZero();
  }

  @Test
  void job_counts_per_status_come_from_the_store_when_refreshed_and_say_how_old_they_are() {
    bind();
    submit("ok", 3);
    submit("boom", 0);
    submit("ok", 3);
    chronos.runDue();
    submit("ok", 3); // stays pending: not run
    chronos.submit(
        JobRequest.builder()
            .name("later")
            .handler("ok")
            .delay(1, dev.chronos.DelayUnit.HOUR)
            .build());

    metrics.refreshJobCounts();

    assertThat(gauge("chronos.jobs", "status", "completed")).isEqualTo(2.0);
    assertThat(gauge("chronos.jobs", "status", "failed")).isEqualTo(1.0);
    assertThat(gauge("chronos.jobs", "status", "pending")).isEqualTo(2.0);
    assertThat(gauge("chronos.jobs", "status", "running")).isZero();
    assertThat(gauge("chronos.jobs", "status", "retrying")).isZero();
    assertThat(gauge("chronos.jobs", "status", "cancelled")).isZero();
    assertThat(registry.get("chronos.jobs.counts.age").timeGauge().value(TimeUnit.SECONDS))
        .isZero();

    // The counts are not read again by a scrape: they change only when refreshed.
    chronos.runDue();
    clock.advance(Duration.ofSeconds(12));
    assertThat(gauge("chronos.jobs", "status", "completed")).isEqualTo(2.0);
    assertThat(registry.get("chronos.jobs.counts.age").timeGauge().value(TimeUnit.SECONDS))
        .isEqualTo(12.0);

    metrics.refreshJobCounts();
    assertThat(gauge("chronos.jobs", "status", "completed")).isEqualTo(3.0);
    assertThat(gauge("chronos.jobs", "status", "pending")).isEqualTo(1.0);
  }

  @Test
  void counts_cover_the_configured_accounts_only() {
    ChronosMetrics two =
        ChronosMetrics.builder().accounts("a", "b").jobCountsInterval(Duration.ofHours(1)).build();
    try {
      two.attach(chronos).bindTo(new SimpleMeterRegistry());
      for (String account : List.of("a", "b", "b", "c", "default")) {
        chronos.submit(JobRequest.builder().name("j").handler("ok").account(account).build());
      }
      two.refreshJobCounts();
      SimpleMeterRegistry r = new SimpleMeterRegistry();
      two.bindTo(r);
      assertThat(r.get("chronos.jobs").tags("status", "pending").gauge().value()).isEqualTo(3.0);
    } finally {
      two.close();
    }
  }

  @Test
  void handler_tags_are_bounded_and_jobs_without_a_handler_are_tagged_none() {
    ChronosMetrics capped =
        ChronosMetrics.builder().maxHandlerTags(2).jobCountsInterval(Duration.ZERO).build();
    ChronosEngine node =
        SteppedNodes.inline(
            Chronos.builder()
                .store(new InMemoryJobStore())
                .clock(clock)
                .nodeId("capped")
                .pushConcurrency(0)
                .listener(capped));
    try {
      capped.attach(node).bindTo(registry);
      for (String handler : List.of("a", "b", "c", "d", "a")) {
        node.submit(JobRequest.builder().name("j").handler(handler).build());
      }
      node.submit(
          JobRequest.builder()
              .name("push")
              .delivery(Delivery.push("https://example.com/hook", "POST", Map.of()))
              .build());

      assertThat(registry.get("chronos.jobs.submitted").tags("handler", "a").counter().count())
          .isEqualTo(2.0);
      assertThat(registry.get("chronos.jobs.submitted").tags("handler", "b").counter().count())
          .isEqualTo(1.0);
      assertThat(
              registry
                  .get("chronos.jobs.submitted")
                  .tags("handler", ChronosMetrics.OTHER_HANDLER)
                  .counter()
                  .count())
          .isEqualTo(2.0);
      assertThat(
              registry
                  .get("chronos.jobs.submitted")
                  .tags("handler", ChronosMetrics.NO_HANDLER, "lane", "push")
                  .counter()
                  .count())
          .isEqualTo(1.0);
      // Push delivery is off on this node: it has no push lane, so no push gauges.
      assertThat(registry.find("chronos.lane.queued").tags("lane", "push").gauge()).isNull();
      // Counting is off: no job-count gauges.
      assertThat(registry.find("chronos.jobs").gauge()).isNull();
    } finally {
      capped.close();
      node.close();
    }
  }

  @Test
  void events_before_binding_are_not_counted_and_binding_twice_registers_once() {
    metrics.attach(chronos);
    submit("ok", 3);
    metrics.bindTo(registry);
    metrics.bindTo(registry);
    submit("ok", 3);

    assertThat(registry.get("chronos.jobs.submitted").tags("handler", "ok").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void the_readme_table_names_exactly_the_meters_registered() throws Exception {
    bind();
    submit("ok", 3);
    chronos.runDue();
    Set<String> registered = new TreeSet<>();
    registry.getMeters().forEach(m -> registered.add(m.getId().getName()));

    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## Metrics (Micrometer)"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(chronos\\.[a-z.]+)` \\|").matcher(section);
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(documented).isEqualTo(registered);
  }

  @Test
  void misuse_is_refused_with_a_message() {
    assertThatThrownBy(() -> metrics.bindTo(registry))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("attach(chronos)");
    assertThatThrownBy(metrics::refreshJobCounts).isInstanceOf(IllegalStateException.class);
    metrics.attach(chronos);
    metrics.attach(chronos); // the same node again is fine
    ChronosEngine other =
        SteppedNodes.inline(Chronos.builder().store(new InMemoryJobStore()).nodeId("other"));
    try {
      assertThatThrownBy(() -> metrics.attach(other))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("metrics-test");
    } finally {
      other.close();
    }
    metrics.close();
    assertThatThrownBy(() -> metrics.bindTo(registry))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> ChronosMetrics.builder().jobCountsInterval(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jobCountsInterval");
    assertThatThrownBy(() -> ChronosMetrics.builder().maxHandlerTags(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChronosMetrics.builder().accounts())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChronosMetrics.builder().accounts(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
