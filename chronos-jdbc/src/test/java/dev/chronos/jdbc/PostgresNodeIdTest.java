package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.Chronos;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.NodeIdInUseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two processes' worth of nodes on one PostgreSQL database (each with its own store and pool): the
 * second node with a live node's id is refused at start, and starts once the first has closed.
 */
class PostgresNodeIdTest {
  private String prefix;
  private final List<Chronos> nodes = new ArrayList<>();

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

  private Chronos node(String id) {
    Chronos node =
        Chronos.builder()
            .nodeId(id)
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                    .tablePrefix(prefix)
                    .maxPoolSize(3)
                    .build())
            .handler("work", ctx -> "done")
            .build();
    nodes.add(node);
    return node;
  }

  @Test
  void a_second_node_with_the_same_id_is_refused_until_the_first_closes() {
    Chronos first = node("node-a").start();
    Chronos twin = node("node-a");

    assertThatThrownBy(twin::start)
        .isInstanceOfSatisfying(
            NodeIdInUseException.class,
            e -> {
              assertThat(e.nodeId()).isEqualTo("node-a");
              assertThat(e.store()).startsWith("postgresql:").contains("(tables " + prefix + ")");
              assertThat(e.getMessage()).contains("'node-a'").contains(prefix);
            });

    first.close();
    twin.start();
    var job = twin.submit(JobRequest.builder().name("job").handler("work").build());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> twin.job(job.id()).orElseThrow().status() == JobStatus.COMPLETED);
  }

  @Test
  void nodes_with_different_ids_share_the_database() {
    node("node-a").start();
    node("node-b").start();

    try (JdbcJobStore store =
        JdbcJobStore.builder()
            .dataSource(PostgresDatabase.dataSource())
            .tablePrefix(prefix)
            .build()) {
      assertThat(store.liveNodes(java.time.Instant.now(), Duration.ofSeconds(30)))
          .extracting(n -> n.nodeId())
          .containsExactly("node-a", "node-b");
    }
  }
}
