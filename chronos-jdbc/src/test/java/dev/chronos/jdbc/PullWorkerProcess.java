package dev.chronos.jdbc;

import dev.chronos.Chronos;
import dev.chronos.ClaimedJob;
import dev.chronos.PullWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker JVM of {@link PullWorkerProcessTest}: a node with no handlers on a PostgreSQL store
 * whose threads long-poll for {@code work} jobs and complete them. Prints {@code ready} once it
 * waits, and {@code completed N} before it exits. Arguments: JDBC URL, user, password, table
 * prefix, number of jobs to complete.
 */
public final class PullWorkerProcess {
  private PullWorkerProcess() {}

  public static void main(String[] args) throws Exception {
    int expected = Integer.parseInt(args[4]);
    AtomicInteger completed = new AtomicInteger();
    try (Chronos node =
        Chronos.builder()
            .nodeId("worker-process")
            .pushConcurrency(0)
            .pollInterval(Duration.ofMillis(200))
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(args[0], args[1], args[2])
                    .tablePrefix(args[3])
                    .maxPoolSize(4)
                    .build())
            .build()
            .start()) {
      ExecutorService threads = Executors.newFixedThreadPool(3);
      List<Future<?>> workers = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      for (int w = 0; w < 3; w++) {
        PullWorker worker = node.pull("worker-process-" + w);
        workers.add(
            threads.submit(
                () -> {
                  while (completed.get() < expected && System.nanoTime() < end) {
                    for (ClaimedJob job : worker.claim(Set.of("work"), 5, Duration.ofSeconds(2))) {
                      worker.complete(job, Map.of("pid", ProcessHandle.current().pid()));
                      completed.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      System.out.println("ready");
      System.out.flush();
      for (Future<?> f : workers) {
        f.get();
      }
      threads.shutdown();
    }
    System.out.println("completed " + completed.get());
    System.exit(completed.get() == expected ? 0 : 1);
  }
}
