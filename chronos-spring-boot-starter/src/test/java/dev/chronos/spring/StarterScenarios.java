package dev.chronos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.micrometer.ChronosMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationContext;

/**
 * What the starter does in a booted application, run on every database the starter is tested on:
 * handler beans and methods run jobs, metrics and health tell what happened.
 */
abstract class StarterScenarios {
  @Autowired Chronos chronos;
  @Autowired TestApp.Seen seen;
  @Autowired MeterRegistry registry;
  @Autowired ChronosMetrics metrics;
  @Autowired ChronosHealthIndicator health;
  @Autowired ApplicationContext context;

  private Job awaitDone(UUID id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> chronos.job(id).orElseThrow().status().isTerminal());
    return chronos.job(id).orElseThrow();
  }

  private UUID submit(String handler, Map<String, ?> payload, int maxRetries) {
    JobRequest.Builder b =
        JobRequest.builder().name(handler).handler(handler).maxRetries(maxRetries);
    if (payload != null) {
      b.payload(payload);
    }
    return chronos.submit(b.build()).id();
  }

  @Test
  void a_handler_bean_and_handler_methods_run_jobs_with_bound_payloads_and_results() {
    Job greet = awaitDone(submit("greet", Map.of("name", "ada"), 3));
    Job add = awaitDone(submit("add", Map.of("a", 2, "b", 40), 3));
    Job echo = awaitDone(submit("echo", Map.of("k", "v"), 3));

    assertThat(greet.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(greet.result().path("greeting").asText()).isEqualTo("hello ada");
    assertThat(add.result().path("sum").asInt()).isEqualTo(42);
    assertThat(echo.result().path("k").asText()).isEqualTo("v");
    assertThat(seen.lines).contains("greet ada", "add attempt 1", "echo");
  }

  @Test
  void a_handler_method_is_called_through_the_bean_s_proxies() {
    // @Transactional on the method: the handler runs inside a Spring transaction.
    assertThat(awaitDone(submit("in-transaction", null, 0)).result().asBoolean()).isTrue();
  }

  @Test
  void a_handler_that_depends_on_the_chronos_bean_submits_a_follow_up_that_runs() {
    UUID chain = submit("chain", null, 3);
    assertThat(awaitDone(chain).result().asText()).isEqualTo("submitted");
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.lines.contains("greet from-" + chain));
  }

  @Test
  void metrics_count_the_attempts_the_jobs_imply_and_the_store_counts_per_status() {
    // "metered" and "fail" run in this test only: their meters count exactly its jobs.
    for (int i = 0; i < 3; i++) {
      awaitDone(submit("metered", null, 3));
    }
    Job failed = awaitDone(submit("fail", null, 0));
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);

    // The listener hears events on its own thread, just after the store changed.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Timer fails =
                  registry
                      .get("chronos.attempts")
                      .tags("handler", "fail", "outcome", "failed")
                      .timer();
              assertThat(fails.count()).isEqualTo(1);
              assertThat(
                      registry
                          .get("chronos.attempts")
                          .tags("handler", "metered", "outcome", "completed", "lane", "handlers")
                          .timer()
                          .count())
                  .isEqualTo(3);
              assertThat(
                      registry
                          .get("chronos.attempts.lag")
                          .tags("handler", "metered")
                          .timer()
                          .count())
                  .isEqualTo(3);
              assertThat(
                      registry
                          .get("chronos.jobs.submitted")
                          .tags("handler", "metered")
                          .counter()
                          .count())
                  .isEqualTo(3.0);
            });
    long completedInStore =
        chronos.jobs(JobQuery.builder().statuses(JobStatus.COMPLETED).size(1).build()).total();
    long failedInStore =
        chronos.jobs(JobQuery.builder().statuses(JobStatus.FAILED).size(1).build()).total();
    metrics.refreshJobCounts();
    assertThat(registry.get("chronos.jobs").tags("status", "completed").gauge().value())
        .isEqualTo((double) completedInStore);
    assertThat(registry.get("chronos.jobs").tags("status", "failed").gauge().value())
        .isEqualTo((double) failedInStore);
    assertThat(failedInStore).isGreaterThanOrEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        registry
                            .get("chronos.lane.slots.free")
                            .tags("lane", "handlers")
                            .gauge()
                            .value())
                    .isEqualTo(4.0));
  }

  @Test
  void the_store_depends_on_the_data_source_so_spring_destroys_it_first() {
    // Spring destroys a bean's dependents before the bean: the node (and its store) before the
    // pool.
    var beans =
        ((org.springframework.context.ConfigurableApplicationContext) context).getBeanFactory();
    assertThat(beans.getDependenciesForBean("chronosJobStore")).contains("dataSource");
    assertThat(beans.getDependenciesForBean("chronos")).contains("chronosJobStore");
  }

  @Test
  void the_health_indicator_is_up_with_the_node_s_details() {
    Health h = health.health();
    assertThat(h.getStatus()).isEqualTo(Status.UP);
    assertThat(h.getDetails())
        .containsEntry("state", "running")
        .containsEntry("store", "reachable")
        .containsEntry("nodeId", chronos.nodeId())
        .containsEntry("claimingStopped", false)
        .containsKeys("lanes", "abandonedThreads", "unrecordedOutcomes", "oldestDueLag");
  }

  @Test
  void chronos_s_jackson_2_and_boot_s_jackson_3_live_side_by_side() {
    // Boot 4 configures Jackson 3 (tools.jackson) for the application; Chronos binds payloads
    // with Jackson 2 (com.fasterxml.jackson): the record payload above bound, and Boot's mapper is
    // there too.
    assertThat(context.getBeanNamesForType(tools.jackson.databind.json.JsonMapper.class))
        .isNotEmpty();
    Job add = awaitDone(submit("add", Map.of("a", 1, "b", 1), 3));
    assertThat(add.result().path("sum").asInt()).isEqualTo(2);
  }
}
