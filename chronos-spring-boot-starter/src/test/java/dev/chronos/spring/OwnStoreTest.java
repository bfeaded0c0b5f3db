package dev.chronos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.jdbc.JdbcJobStore;
import dev.chronos.spi.JobStore;
import dev.chronos.spring.internal.TransactionJoiningChronos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An application's own {@link JdbcJobStore} bean, on an H2 file database of its own, with the
 * default {@code chronos.store.type} (datasource): the node is on that store and its submits never
 * go through the application's {@code DataSource}, whether it has none or another one.
 */
class OwnStoreTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ChronosAutoConfiguration.class))
        .withUserConfiguration(OwnStore.class)
        .withPropertyValues(
            "test.own-url=jdbc:h2:file:" + dir.resolve("own"), "chronos.poll-interval=200ms");
  }

  /** The application's store on its own database, and a handler recording what it ran. */
  @Configuration
  static class OwnStore {
    @Bean(destroyMethod = "") // the node closes its store
    JobStore ownStore(@Value("${test.own-url}") String url) {
      return JdbcJobStore.builder().jdbcUrl(url, "sa", "").build();
    }

    @Bean
    Ran ran() {
      return new Ran();
    }
  }

  /** The handler: the names of the jobs it ran. */
  static class Ran {
    final Set<String> names = ConcurrentHashMap.newKeySet();

    @ChronosHandler("own")
    public void run(Map<String, Object> payload) {
      names.add((String) payload.get("name"));
    }
  }

  private static JobRequest request(String name) {
    return JobRequest.builder().name(name).handler("own").payload(Map.of("name", name)).build();
  }

  private static void awaitCompleted(Chronos chronos, Job job) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> chronos.job(job.id()).map(Job::status).orElseThrow(),
            JobStatus.COMPLETED::equals);
  }

  @Test
  void without_a_data_source_bean_the_node_starts_on_the_own_store_and_runs_work() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class);
              Chronos chronos = context.getBean(Chronos.class);
              assertThat(chronos).isNotInstanceOf(TransactionJoiningChronos.class);
              Job job = chronos.submit(request("alone"));
              awaitCompleted(chronos, job);
              assertThat(context.getBean(Ran.class).names).contains("alone");
            });
  }

  @Test
  void a_submit_in_a_transaction_on_another_primary_data_source_goes_to_the_own_store() {
    runner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:file:" + dir.resolve("primary"),
            "spring.datasource.username=sa")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DataSource primary = context.getBean(DataSource.class);
              Chronos chronos = context.getBean(Chronos.class);
              JdbcTemplate jdbc = new JdbcTemplate(primary);
              jdbc.execute("create table orders (id varchar(20) primary key)");

              // What a @Transactional method on the primary's transaction manager does.
              TransactionTemplate tx =
                  new TransactionTemplate(new DataSourceTransactionManager(primary));
              Job job =
                  tx.execute(
                      status -> {
                        jdbc.update("insert into orders values ('o-1')");
                        return chronos.submit(request("in-primary-tx"));
                      });

              awaitCompleted(chronos, job);
              assertThat(context.getBean(Ran.class).names).contains("in-primary-tx");
              assertThat(jdbc.queryForObject("select count(*) from orders", Integer.class))
                  .isEqualTo(1);
              assertThat(
                      jdbc.queryForList(
                          "select table_name from information_schema.tables"
                              + " where table_schema = 'PUBLIC'",
                          String.class))
                  .as("nothing of Chronos written through the primary's connection")
                  .containsExactly("ORDERS");
              assertThat(chronos).isNotInstanceOf(TransactionJoiningChronos.class);
            });
  }
}
