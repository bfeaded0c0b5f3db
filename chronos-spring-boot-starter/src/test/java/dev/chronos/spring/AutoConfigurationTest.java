package dev.chronos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.chronos.Chronos;
import dev.chronos.ChronosBuilder;
import dev.chronos.ChronosStats;
import dev.chronos.Delivery;
import dev.chronos.JobContext;
import dev.chronos.JobHandler;
import dev.chronos.JobRequest;
import dev.chronos.http.ChronosApi;
import dev.chronos.jdbc.JdbcJobStore;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.micrometer.ChronosMetrics;
import dev.chronos.spi.JobStore;
import dev.chronos.spring.internal.TransactionJoiningChronos;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

/**
 * The auto-configuration's wiring and its refusals, on the memory store (no database needed to show
 * how beans and properties map onto the builder).
 */
class AutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ChronosAutoConfiguration.class,
                  ChronosHealthAutoConfiguration.class,
                  ChronosMetricsAutoConfiguration.class))
          .withPropertyValues("chronos.store.type=memory", "chronos.auto-start=false");

  @Configuration
  static class TwoBeansOneName {
    @Bean
    @ChronosHandler("send-email")
    JobHandler mailerA() {
      return ctx -> "a";
    }

    @Bean
    Mailer mailerB() {
      return new Mailer();
    }
  }

  static class Mailer {
    @ChronosHandler("send-email")
    public String send(JobContext ctx) {
      return "b";
    }
  }

  @Test
  void a_duplicate_handler_name_fails_start_up_naming_both_handlers() {
    runner
        .withUserConfiguration(TwoBeansOneName.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("Two Chronos handlers are named 'send-email'")
                  .hasMessageContaining("bean 'mailerA'")
                  .hasMessageContaining(Mailer.class.getName() + ".send of bean 'mailerB'");
            });
  }

  @Configuration
  static class AnnotatedNonHandler {
    @Bean
    @ChronosHandler("x")
    Object notAHandler() {
      return "just a string";
    }
  }

  @Test
  void an_annotated_bean_that_is_no_job_handler_fails_start_up() {
    runner
        .withUserConfiguration(AnnotatedNonHandler.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("bean 'notAHandler'")
                    .hasMessageContaining("does not implement dev.chronos.JobHandler"));
  }

  static class TwoPayloads {
    @ChronosHandler("two")
    public void run(String a, Integer b) {}
  }

  static class PrivateHandler {
    @ChronosHandler("hidden")
    private void run() {}
  }

  static class BadName {
    @ChronosHandler(" padded ")
    public void run() {}
  }

  @Test
  void handler_methods_that_cannot_be_called_fail_start_up_with_the_reason() {
    runner
        .withBean(TwoPayloads.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("takes 2 payload parameters"));
    runner
        .withBean(PrivateHandler.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("private or static"));
    runner
        .withBean(BadName.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining(BadName.class.getName() + ".run")
                    .hasMessageContaining("whitespace"));
  }

  @Test
  void properties_reach_the_node() {
    runner
        .withPropertyValues(
            "chronos.node-id=props-node", "chronos.worker-threads=3", "chronos.push-concurrency=0")
        .run(
            context -> {
              Chronos chronos = context.getBean(Chronos.class);
              assertThat(chronos.nodeId()).isEqualTo("props-node");
              ChronosStats stats = chronos.stats();
              assertThat(stats.lanes()).containsExactly(new ChronosStats.Lane("handlers", 0, 0, 3));
            });
  }

  @Test
  void every_property_binds_and_reaches_the_builder() {
    runner
        .withPropertyValues(
            "chronos.poll-interval=500ms",
            "chronos.lookahead=10s",
            "chronos.max-queue-size=500",
            "chronos.lease-grace=5s",
            "chronos.shutdown-timeout=3s",
            "chronos.signing-secrets=whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=,second-secret-of-enough-length",
            "chronos.standard-webhooks=true",
            "chronos.allow-http=true",
            "chronos.allow-private-networks=true",
            "chronos.retention=2d",
            "chronos.failed-retention=10d",
            "chronos.node-timeout=20s",
            "chronos.unserved-warning=2m",
            "chronos.max-result-size=1024",
            "chronos.max-abandoned-threads=2",
            "chronos.health.lag-threshold=30s",
            "chronos.metrics.job-counts-interval=0",
            "chronos.metrics.accounts=a,b",
            "chronos.metrics.max-handler-tags=10")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ChronosProperties p = context.getBean(ChronosProperties.class);
              assertThat(p.getSigningSecrets()).hasSize(2);
              assertThat(p.getMetrics().getAccounts()).containsExactly("a", "b");
              assertThat(p.getHealth().getLagThreshold()).isEqualTo(Duration.ofSeconds(30));
              // allow-http and allow-private-networks reached the node: it takes a loopback URL.
              context
                  .getBean(Chronos.class)
                  .submit(
                      JobRequest.builder()
                          .name("push")
                          .delivery(Delivery.push("http://127.0.0.1:9/hook", "POST", Map.of()))
                          .build());
            });
  }

  @Test
  void the_h2_and_jdbc_store_types_open_their_own_databases(@TempDir Path dir) {
    runner
        .withPropertyValues(
            "chronos.store.type=h2",
            "chronos.store.path=" + dir.resolve("own"),
            "chronos.store.table-prefix=own_")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              JobStore store = context.getBean(JobStore.class);
              assertThat(store).isInstanceOf(JdbcJobStore.class);
              assertThat(((JdbcJobStore) store).tablePrefix()).isEqualTo("own_");
            });
    runner
        .withPropertyValues(
            "chronos.store.type=jdbc",
            "chronos.store.url=jdbc:h2:file:" + dir.resolve("url"),
            "chronos.store.username=sa",
            "chronos.store.password=",
            "chronos.store.max-pool-size=2",
            "chronos.store.connection-timeout=2s",
            "chronos.store.create-schema=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(JobStore.class).describe()).contains("jdbc:h2:file:");
            });
    runner
        .withPropertyValues("chronos.store.type=jdbc")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("chronos.store.type=jdbc needs chronos.store.url"));
  }

  /** A payload whose JSON is snake_case, which only a mapper with that naming binds. */
  public record Order(String orderId) {}

  static class Orders {
    @ChronosHandler("order")
    public String order(Order order) {
      return String.valueOf(order.orderId());
    }
  }

  @Test
  void the_application_s_jackson_2_mapper_reads_payloads_when_asked() {
    ApplicationContextRunner started =
        runner
            .withPropertyValues("chronos.auto-start=true", "chronos.shutdown-timeout=1s")
            .withBean(Orders.class)
            .withBean(
                ObjectMapper.class,
                () ->
                    new ObjectMapper()
                        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    for (String mapper : new String[] {"application", "chronos"}) {
      started
          .withPropertyValues("chronos.payload-mapper=" + mapper)
          .run(
              context -> {
                Chronos chronos = context.getBean(Chronos.class);
                UUID id =
                    chronos
                        .submit(
                            JobRequest.builder()
                                .name("o")
                                .handler("order")
                                .payload(Map.of("order_id", "ord_1"))
                                .build())
                        .id();
                await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> chronos.job(id).orElseThrow().status().isTerminal());
                // Snake case binds with the application's mapper; Chronos's own leaves it unset.
                assertThat(chronos.job(id).orElseThrow().result().asText())
                    .isEqualTo(mapper.equals("application") ? "ord_1" : "null");
              });
    }
    runner
        .withPropertyValues("chronos.payload-mapper=application")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining(
                        "chronos.payload-mapper=application needs one Jackson 2"));
  }

  @Test
  void handler_attempts_are_observed_when_the_application_has_an_observation_registry() {
    List<String> observed = new CopyOnWriteArrayList<>();
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }

              @Override
              public void onStop(Observation.Context context) {
                observed.add(
                    context.getName()
                        + " "
                        + context.getLowCardinalityKeyValue("handler").getValue());
              }
            });
    for (boolean on : new boolean[] {true, false}) {
      observed.clear();
      runner
          .withPropertyValues(
              "chronos.auto-start=true",
              "chronos.shutdown-timeout=1s",
              "chronos.observations=" + on)
          .withBean(Orders.class)
          .withBean(ObservationRegistry.class, () -> registry)
          .run(
              context -> {
                Chronos chronos = context.getBean(Chronos.class);
                UUID id =
                    chronos
                        .submit(
                            JobRequest.builder()
                                .name("o")
                                .handler("order")
                                .payload(Map.of("orderId", "x"))
                                .build())
                        .id();
                await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> chronos.job(id).orElseThrow().status().isTerminal());
              });
      assertThat(observed).isEqualTo(on ? List.of("chronos.attempt order") : List.of());
    }
  }

  @Test
  void a_property_out_of_range_fails_start_up_with_the_builder_s_reason() {
    runner
        .withPropertyValues("chronos.worker-threads=0")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("workerThreads must be 1 to 10000, was 0"));
    runner
        .withPropertyValues("chronos.standard-webhooks=true")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("standardWebhooks() needs a signingSecret"));
  }

  @Test
  void the_property_defaults_are_the_builder_s() {
    ChronosProperties p = new ChronosProperties();
    assertThat(p.getWorkerThreads()).isEqualTo(ChronosBuilder.DEFAULT_WORKER_THREADS);
    assertThat(p.getMaxQueueSize()).isEqualTo(ChronosBuilder.DEFAULT_MAX_QUEUE_SIZE);
    assertThat(p.getPushConcurrency()).isEqualTo(ChronosBuilder.DEFAULT_PUSH_CONCURRENCY);
    assertThat(p.getRetention()).isEqualTo(ChronosBuilder.DEFAULT_RETENTION);
    assertThat(p.getFailedRetention()).isEqualTo(ChronosBuilder.DEFAULT_FAILED_RETENTION);
    assertThat(p.getNodeTimeout()).isEqualTo(ChronosBuilder.DEFAULT_NODE_TIMEOUT);
    assertThat(p.getUnservedWarning()).isEqualTo(ChronosBuilder.DEFAULT_UNSERVED_WARNING);
    assertThat(p.getMaxResultSize()).isEqualTo(ChronosBuilder.DEFAULT_MAX_RESULT_SIZE);
    assertThat(p.getStore().getTablePrefix()).isEqualTo(JdbcJobStore.DEFAULT_PREFIX);
    assertThat(p.getMetrics().getJobCountsInterval())
        .isEqualTo(ChronosMetrics.DEFAULT_JOB_COUNTS_INTERVAL);
    assertThat(p.getMetrics().getMaxHandlerTags())
        .isEqualTo(ChronosMetrics.DEFAULT_MAX_HANDLER_TAGS);
  }

  @Test
  void the_default_store_needs_a_data_source_and_says_what_to_do() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ChronosAutoConfiguration.class))
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("chronos.store.type=datasource")
                    .hasMessageContaining("none"));
  }

  @Test
  void a_shutdown_timeout_that_does_not_fit_the_shutdown_phase_fails_start_up() {
    runner
        .withPropertyValues(
            "spring.lifecycle.timeout-per-shutdown-phase=10s", "chronos.shutdown-timeout=8s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("chronos.shutdown-timeout (PT8S)")
                    .hasMessageContaining("spring.lifecycle.timeout-per-shutdown-phase"));
  }

  @Test
  void the_default_shutdown_timeout_shrinks_to_fit_a_short_shutdown_phase() {
    ChronosProperties p = new ChronosProperties();
    MockEnvironment env = new MockEnvironment();
    assertThat(ChronosAutoConfiguration.shutdownTimeout(p, env)).isEqualTo(Duration.ofSeconds(10));
    env.setProperty("spring.lifecycle.timeout-per-shutdown-phase", "8s");
    assertThat(ChronosAutoConfiguration.shutdownTimeout(p, env)).isEqualTo(Duration.ofSeconds(3));
    env.setProperty("spring.lifecycle.timeout-per-shutdown-phase", "2s");
    assertThat(ChronosAutoConfiguration.shutdownTimeout(p, env)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void the_application_s_own_beans_win_and_customizers_and_listeners_are_applied() {
    InMemoryJobStore own = new InMemoryJobStore();
    runner
        .withBean(JobStore.class, () -> own)
        .withBean(
            ChronosBuilderCustomizer.class, () -> b -> b.handler("from-customizer", ctx -> "c"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(JobStore.class)).isSameAs(own);
            });
  }

  @Test
  void metrics_are_registered_only_with_a_meter_registry_and_can_be_turned_off() {
    runner.run(context -> assertThat(context).doesNotHaveBean(ChronosMetrics.class));
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> assertThat(context).hasSingleBean(ChronosMetrics.class));
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("chronos.metrics.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(ChronosMetrics.class));
  }

  @Test
  void chronos_enabled_false_configures_nothing() {
    runner
        .withPropertyValues("chronos.enabled=false")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(Chronos.class);
              assertThat(context).doesNotHaveBean(ChronosMetrics.class);
              assertThat(context).doesNotHaveBean(ChronosHealthIndicator.class);
            });
  }

  @Test
  void a_node_not_started_on_purpose_is_up_and_accepts_jobs() {
    runner.run(
        context -> {
          ChronosHealthIndicator health = context.getBean(ChronosHealthIndicator.class);
          assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
          assertThat(health.health().getDetails()).containsEntry("state", "not-started");
          Chronos chronos = context.getBean(Chronos.class);
          chronos.submit(
              JobRequest.builder().name("n").handler("h").payload(Map.of("k", 1)).build());
        });
  }

  @Test
  void submits_join_transactions_on_the_application_s_data_source_unless_turned_off() {
    ApplicationContextRunner onDataSource =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    DataSourceAutoConfiguration.class, ChronosAutoConfiguration.class))
            .withPropertyValues(
                "spring.datasource.url=jdbc:h2:mem:join-"
                    + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1",
                "chronos.auto-start=false");
    onDataSource.run(
        context ->
            assertThat(context.getBean(Chronos.class))
                .isInstanceOf(TransactionJoiningChronos.class));
    onDataSource
        .withPropertyValues("chronos.store.join-transactions=false")
        .run(
            context ->
                assertThat(context.getBean(Chronos.class))
                    .isNotInstanceOf(TransactionJoiningChronos.class));
    // The memory store has no transactions to join.
    runner.run(
        context ->
            assertThat(context.getBean(Chronos.class))
                .isNotInstanceOf(TransactionJoiningChronos.class));
  }

  @Test
  void the_web_api_is_mounted_only_when_enabled_and_a_bad_path_or_keyless_store_fails_start_up(
      @TempDir Path dir) {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    ChronosAutoConfiguration.class, ChronosWebAutoConfiguration.class))
            .withPropertyValues("chronos.store.type=memory", "chronos.auto-start=false");
    web.run(context -> assertThat(context).doesNotHaveBean(ChronosApi.class));
    web.withPropertyValues("chronos.web.enabled=true")
        .run(
            context -> {
              assertThat(context).hasSingleBean(ChronosApi.class);
              assertThat(
                      ((ServletRegistrationBean<?>) context.getBean("chronosServlet"))
                          .getUrlMappings())
                  .containsExactly("/chronos/*");
            });
    web.withPropertyValues(
            "chronos.web.enabled=true",
            "chronos.web.path=/ops/api",
            "chronos.web.rate-limit=7",
            "chronos.web.max-body-size=2048",
            "chronos.web.max-waiting-claims=3",
            "chronos.web.cors-origins=https://ops.example.com",
            "chronos.web.bootstrap-key=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ChronosWebProperties p = context.getBean(ChronosWebProperties.class);
              assertThat(p.getRateLimit()).isEqualTo(7);
              assertThat(p.getMaxBodySize()).isEqualTo(2048);
              assertThat(p.getMaxWaitingClaims()).isEqualTo(3);
              assertThat(p.getCorsOrigins()).containsExactly("https://ops.example.com");
              assertThat(
                      ((ServletRegistrationBean<?>) context.getBean("chronosServlet"))
                          .getUrlMappings())
                  .containsExactly("/ops/api/*");
              // No key existed: the bootstrap made one admin key.
              assertThat(context.getBean(dev.chronos.http.ApiKeys.class).list())
                  .singleElement()
                  .satisfies(k -> assertThat(k.admin()).isTrue());
            });
    web.withPropertyValues("chronos.web.enabled=true", "chronos.web.path=/ops/")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "chronos.web.path must start with '/', not end with '/'"));
    web.withPropertyValues(
            "chronos.web.enabled=true", "chronos.store.type=h2", "chronos.store.path=" + dir)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("needs an ApiKeyStore bean"));
  }
}
