package dev.chronos.examples;

import dev.chronos.Chronos;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.jdbc.JdbcJobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two nodes sharing one PostgreSQL database: jobs submitted on either run once, on whichever node
 * claims them first. Give a JDBC URL (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code postgres}); the tables get a prefix of their own and are left for you to inspect.
 *
 * <pre>
 * ./mvnw -q -pl chronos-examples -am compile exec:java -Dexample=dev.chronos.examples.TwoNodeCluster \
 *     -Dexec.args="jdbc:postgresql://127.0.0.1:5432/test postgres"</pre>
 *
 * <p>On MariaDB: {@code -Dexec.args="jdbc:mariadb://127.0.0.1:3306/test root"}.
 */
public final class TwoNodeCluster {
  private TwoNodeCluster() {}

  /**
   * Runs the example.
   *
   * @param args JDBC URL, user, password (all optional)
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
    String user = args.length > 1 ? args[1] : "postgres";
    String password = args.length > 2 ? args[2] : "";
    String prefix = "example_" + Long.toString(System.currentTimeMillis(), 36) + "_";
    Map<String, AtomicInteger> ranOn = new ConcurrentHashMap<>();
    List<Chronos> nodes = new ArrayList<>();
    try {
      for (String id : List.of("node-a", "node-b")) {
        AtomicInteger count = ranOn.computeIfAbsent(id, k -> new AtomicInteger());
        nodes.add(
            Chronos.builder()
                .nodeId(id)
                .store(
                    JdbcJobStore.builder().jdbcUrl(url, user, password).tablePrefix(prefix).build())
                .handler("work", ctx -> count.incrementAndGet())
                .build()
                .start());
      }
      for (int i = 0; i < 200; i++) {
        nodes.get(i % 2).submit(JobRequest.builder().name("job " + i).handler("work").build());
      }
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      JobQuery completed = JobQuery.builder().statuses(JobStatus.COMPLETED).size(1).build();
      while (nodes.get(0).jobs(completed).total() < 200 && Instant.now().isBefore(deadline)) {
        Thread.sleep(100); // an example waiting for its own output, not a test
      }
      System.out.printf(
          "200 jobs, %d completed; node-a ran %d, node-b ran %d (tables %sjobs, %sexecutions)%n",
          nodes.get(0).jobs(completed).total(),
          ranOn.get("node-a").get(),
          ranOn.get("node-b").get(),
          prefix,
          prefix);
    } finally {
      nodes.forEach(Chronos::close);
    }
  }
}
