package dev.chronos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Chronos;
import dev.chronos.Schedule;
import dev.chronos.ScheduleQuery;
import dev.chronos.ScheduleStatus;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@link ChronosSchedule}: applied with {@code schedules().ensure} when the node starts, so three
 * application contexts booting at once on one PostgreSQL leave one schedule; bad declarations fail
 * start-up.
 */
class DeclaredScheduleTest {
  static final String PREFIX = Postgres.uniquePrefix();

  /** A handler with a declared schedule. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class ScheduledApp {
    @Bean
    Digest digest() {
      return new Digest();
    }
  }

  static class Digest {
    @ChronosHandler("digest")
    @ChronosSchedule(key = "daily-digest", cron = "0 9 * * *", zone = "Europe/London")
    public String send() {
      return "sent";
    }
  }

  @AfterAll
  static void drop() {
    Postgres.dropTables(PREFIX);
  }

  @Test
  void three_contexts_booting_at_once_on_one_postgresql_leave_one_schedule() throws Exception {
    Postgres.require();
    int nodes = 3;
    CyclicBarrier together = new CyclicBarrier(nodes);
    ExecutorService boot = Executors.newFixedThreadPool(nodes);
    List<Future<ConfigurableApplicationContext>> booted = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      booted.add(
          boot.submit(
              () -> {
                together.await(30, TimeUnit.SECONDS);
                return new SpringApplicationBuilder(ScheduledApp.class)
                    .web(WebApplicationType.NONE)
                    .properties(
                        "spring.datasource.url=" + Postgres.URL,
                        "spring.datasource.username=" + Postgres.USER,
                        "spring.datasource.password=" + Postgres.PASSWORD,
                        "chronos.store.table-prefix=" + PREFIX)
                    .run();
              }));
    }
    List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    try {
      for (Future<ConfigurableApplicationContext> f : booted) {
        contexts.add(f.get(120, TimeUnit.SECONDS));
      }
      for (ConfigurableApplicationContext context : contexts) {
        Chronos chronos = context.getBean(Chronos.class);
        Schedule s = chronos.schedules().get("daily-digest").orElseThrow();
        assertThat(s.handler()).isEqualTo("digest");
        assertThat(s.cron()).isEqualTo("0 9 * * *");
        assertThat(s.timezone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(s.status()).isEqualTo(ScheduleStatus.ACTIVE);
      }
      Chronos any = contexts.get(0).getBean(Chronos.class);
      assertThat(any.schedules().list(ScheduleQuery.builder().build()).total()).isEqualTo(1);
    } finally {
      contexts.forEach(ConfigurableApplicationContext::close);
      boot.shutdownNow();
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ChronosAutoConfiguration.class))
          .withPropertyValues("chronos.store.type=memory");

  static class BadCron {
    @ChronosHandler("h")
    @ChronosSchedule(key = "bad", cron = "61 * * * *")
    public void run() {}
  }

  static class TwoKeys {
    @ChronosHandler("a")
    @ChronosSchedule(key = "same", cron = "0 * * * *")
    public void a() {}

    @ChronosHandler("b")
    @ChronosSchedule(key = "same", cron = "0 * * * *")
    public void b() {}
  }

  static class ScheduleWithoutHandler {
    @ChronosSchedule(key = "orphan", cron = "0 * * * *")
    public void run() {}
  }

  static class Twice {
    @ChronosHandler("twice")
    @ChronosSchedule(key = "mornings", cron = "0 8 * * *")
    @ChronosSchedule(
        key = "evenings",
        cron = "0 20 * * *",
        zone = "America/New_York",
        name = "Evenings")
    public void run() {}
  }

  @Test
  void bad_declarations_fail_start_up_naming_them() {
    runner
        .withBean(BadCron.class)
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("@ChronosSchedule(key = \"bad\")")
                    .hasMessageContaining("is invalid"));
    runner
        .withBean(TwoKeys.class)
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("Two schedules are declared with key 'same'"));
    runner
        .withBean(ScheduleWithoutHandler.class)
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("has no @ChronosHandler"));
  }

  @Test
  void a_handler_may_declare_several_schedules_each_ensured_at_start() {
    runner
        .withBean(Twice.class)
        .run(
            c -> {
              assertThat(c).hasNotFailed();
              Chronos chronos = c.getBean(Chronos.class);
              assertThat(chronos.schedules().get("mornings")).isPresent();
              Schedule evenings = chronos.schedules().get("evenings").orElseThrow();
              assertThat(evenings.name()).isEqualTo("Evenings");
              assertThat(evenings.timezone()).isEqualTo(ZoneId.of("America/New_York"));
            });
  }

  static class FromProperties {
    @ChronosHandler("report")
    @ChronosSchedule(key = "${report.key}", cron = "${report.cron}", zone = "${report.zone:UTC}")
    public void run() {}
  }

  @Test
  void placeholders_in_a_declaration_are_resolved_from_the_environment() {
    runner
        .withBean(FromProperties.class)
        .withPropertyValues("report.key=nightly-report", "report.cron=30 2 * * *")
        .run(
            c -> {
              Schedule s = c.getBean(Chronos.class).schedules().get("nightly-report").orElseThrow();
              assertThat(s.cron()).isEqualTo("30 2 * * *");
              assertThat(s.timezone()).isEqualTo(ZoneId.of("UTC"));
            });
  }

  @Test
  void a_node_not_started_on_purpose_ensures_nothing() {
    runner
        .withBean(Twice.class)
        .withPropertyValues("chronos.auto-start=false")
        .run(c -> assertThat(c.getBean(Chronos.class).schedules().get("mornings")).isEmpty());
  }
}
