package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.ExecutionTrigger;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operations by hand sent from a node that does not serve the handler (an admin node), with two
 * running nodes on one PostgreSQL database: the serving node has the job queued for later and
 * starts it as soon as the operation's NOTIFY reaches it, not at the time it had queued.
 */
class PostgresRunNowElsewhereTest {
  private String prefix;
  private final List<Chronos> nodes = new ArrayList<>();
  private final CountDownLatch ran = new CountDownLatch(1);

  @BeforeEach
  void database() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
  }

  @AfterEach
  void stop() {
    nodes.forEach(Chronos::close);
    PostgresDatabase.drop(prefix);
  }

  private Chronos node(String id, boolean serves) {
    var b =
        Chronos.builder()
            .nodeId(id)
            .lookahead(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMinutes(5)) // only the NOTIFY can tell it in time
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                    .tablePrefix(prefix)
                    .maxPoolSize(2)
                    .build());
    if (serves) {
      b.handler(
          "report",
          ctx -> {
            ran.countDown();
            return null;
          });
    }
    Chronos node = b.build().start();
    nodes.add(node);
    return node;
  }

  @Test
  void run_now_from_an_admin_node_starts_the_job_at_once_on_the_serving_node() throws Exception {
    Chronos serving = node("serving", true);
    Chronos admin = node("admin", false);
    // Due in 90 s, within the serving node's look-ahead: queued there for that time.
    Job job =
        serving.submit(
            JobRequest.builder()
                .name("report")
                .handler("report")
                .delay(90, DelayUnit.SECOND)
                .build());
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> serving.stats().lane("handlers").orElseThrow().queued() == 1);

    admin.runNow(job.id());

    // Well before the 90 s it was queued for (the margin is for a loaded machine).
    assertThat(ran.await(45, TimeUnit.SECONDS)).as("started before its queued time").isTrue();
    assertThat(serving.executions(job.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.trigger()).isEqualTo(ExecutionTrigger.MANUAL));
  }
}
