package dev.chronos.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chronos.Chronos;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.OnConflict;
import dev.chronos.ScheduleRequest;
import dev.chronos.jdbc.JdbcJobStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Outside a Spring transaction every call of the decorator is the node's: the same jobs, schedules
 * and answers. (Inside one, see the starter's {@code *TransactionalSubmitTest}s.)
 */
class TransactionJoiningChronosTest {
  private final DataSource database = h2();
  private final Chronos node =
      Chronos.builder()
          .store(JdbcJobStore.builder().dataSource(database).build())
          .nodeId("joining-test")
          .build();
  private final TransactionJoiningChronos chronos = new TransactionJoiningChronos(node, database);

  private static DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:joining-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  @AfterEach
  void close() {
    chronos.close();
  }

  private static JobRequest request(String name) {
    return JobRequest.builder().name(name).handler("nobody").payload(Map.of("n", name)).build();
  }

  @Test
  void without_a_transaction_every_call_is_the_node_s() {
    assertThat(chronos.node()).isSameAs(node);
    assertThat(chronos.joinsTransaction()).isFalse();
    assertThat(chronos.nodeId()).isEqualTo("joining-test");
    assertThat(chronos.toString()).contains("submits join Spring transactions");

    Job a = chronos.submit(request("a"));
    assertThat(node.job(a.id())).isPresent();
    assertThat(chronos.submit(request("b"), OnConflict.FAIL).created()).isTrue();
    List<Job> more = chronos.submitAll(List.of(request("c"), request("d")));
    assertThat(more).hasSize(2);
    assertThat(chronos.jobs(JobQuery.builder().size(10).build()).total()).isEqualTo(4);
    assertThat(chronos.job(a.id())).isEqualTo(node.job(a.id()));
    assertThat(chronos.job("default", a.id())).isPresent();
    assertThat(chronos.executions(a.id())).isEmpty();
    assertThat(chronos.executions("default", a.id())).isEmpty();

    Instant later = Instant.now().plusSeconds(3600);
    assertThat(chronos.reschedule(a.id(), later).runAt()).isAfter(Instant.now());
    assertThat(chronos.reschedule("default", a.id(), later).status()).isEqualTo(JobStatus.PENDING);
    assertThat(chronos.runNow(a.id()).status()).isEqualTo(JobStatus.PENDING);
    assertThatThrownBy(() -> chronos.runNow("default", a.id()))
        .hasMessageContaining("already due to run now");
    assertThat(chronos.cancel(a.id()).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(chronos.cancel("default", more.get(0).id()).status()).isEqualTo(JobStatus.CANCELLED);
    assertThatThrownBy(() -> chronos.retry(a.id())).hasMessageContaining("it is cancelled");
    assertThatThrownBy(() -> chronos.retry("default", a.id()))
        .hasMessageContaining("it is cancelled");
    assertThat(chronos.cancelAll(JobQuery.builder().build())).isEqualTo(2);
    assertThat(chronos.retryAll(JobQuery.builder().build())).isZero();
    assertThat(chronos.purge(Instant.now().plusSeconds(60))).isEqualTo(4);

    chronos.pause("nobody");
    assertThat(chronos.pausedHandlers()).isEqualTo(Set.of("nobody"));
    chronos.resume("nobody");
    assertThat(node.pausedHandlers()).isEmpty();

    chronos
        .schedules()
        .create(
            ScheduleRequest.builder()
                .name("s")
                .handler("nobody")
                .cron("0 9 * * *")
                .key("joining-schedule")
                .build());
    assertThat(node.schedules().get("joining-schedule")).isPresent();
    assertThat(chronos.stats().takenAt()).isNotNull();
    assertThat(chronos.pull().workerId()).isEqualTo(node.pull().workerId());
    assertThat(chronos.pull("w-1").workerId()).isEqualTo("w-1");
    assertThat(chronos.start()).isSameAs(chronos);
  }

  @Test
  void a_caller_s_own_connection_goes_to_the_node() throws Exception {
    try (var c = database.getConnection()) {
      Job written = chronos.submit(c, request("x"));
      assertThat(chronos.submit(c, request("y"), OnConflict.RETURN_EXISTING).created()).isTrue();
      assertThat(node.job(written.id())).as("auto-commit on: committed at once").isPresent();
    }
  }

  @Test
  void a_transaction_on_another_data_source_is_not_joined_and_warned_of_once() {
    Logger logger = (Logger) LoggerFactory.getLogger(TransactionJoiningChronos.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      // A second database's transaction manager: its transactions bind no connection of ours.
      TransactionTemplate other = new TransactionTemplate(new DataSourceTransactionManager(h2()));
      Job first =
          other.execute(
              status -> {
                assertThat(chronos.joinsTransaction()).isFalse();
                Job j = chronos.submit(request("first"));
                status.setRollbackOnly();
                return j;
              });
      Job second = other.execute(status -> chronos.submit(request("second")));

      assertThat(node.job(first.id()))
          .as("committed on its own at once: the rollback of the other database leaves it")
          .isPresent();
      assertThat(node.job(second.id())).isPresent();
      List<ILoggingEvent> warnings =
          logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
      assertThat(warnings).as("once per node, not per submit").hasSize(1);
      assertThat(warnings.get(0).getFormattedMessage())
          .contains("commits on its own")
          .contains("chronos.store.join-transactions")
          .contains("another DataSource")
          .contains(JdbcDataSource.class.getName())
          .doesNotContain("jdbc:h2:");

      // Outside a transaction: nothing more logged.
      chronos.submit(request("third"));
      assertThat(logged.list.stream().filter(e -> e.getLevel() == Level.WARN)).hasSize(1);
    } finally {
      logger.detachAppender(logged);
    }
  }
}
