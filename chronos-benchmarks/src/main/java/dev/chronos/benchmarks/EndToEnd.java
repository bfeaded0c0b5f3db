package dev.chronos.benchmarks;

import dev.chronos.Chronos;
import dev.chronos.ChronosBuilder;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobListener;
import dev.chronos.JobRequest;
import dev.chronos.jdbc.JdbcJobStore;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * End-to-end harness: burn-down throughput (N no-op jobs due now, stored while the nodes are
 * stopped, then started: time until all are completed) and punctuality (M jobs spread evenly over S
 * seconds: start time − due time) for Chronos on memory, H2 and PostgreSQL (1 and 3 nodes), with a
 * bare {@link ScheduledThreadPoolExecutor} as the in-memory baseline. Same worker thread count for
 * all.
 *
 * <pre>
 * ./mvnw -q -pl chronos-benchmarks -am compile exec:java -Dexec.args="--quick"
 * ./mvnw -q -pl chronos-benchmarks -am compile exec:java -Dexec.args="--jobs 20000 --spread-jobs 3000 --spread-seconds 30"
 * </pre>
 *
 * Options: {@code --quick}, {@code --jobs N}, {@code --spread-jobs M}, {@code --spread-seconds S},
 * {@code --threads T}, {@code --systems a,b,...} (executor, memory, h2, postgresql, postgresql-3),
 * {@code --pg-url URL}. Results: a Markdown table on stdout and in {@code target/benchmarks/}, plus
 * a CSV.
 */
public final class EndToEnd {
  private int jobs = 20_000;
  private int spreadJobs = 3_000;
  private int spreadSeconds = 30;
  private int threads = 16;
  private List<String> systems = List.of("executor", "memory", "h2", "postgresql", "postgresql-3");
  private String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test";
  private final List<Map<String, String>> rows = new ArrayList<>();

  private EndToEnd() {}

  /**
   * Runs the harness.
   *
   * @param args options, see the class comment
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    EndToEnd run = new EndToEnd();
    run.parse(args);
    run.runAll();
    System.exit(0);
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> {
          jobs = 2_000;
          spreadJobs = 300;
          spreadSeconds = 5;
        }
        case "--jobs" -> jobs = Integer.parseInt(args[++i]);
        case "--spread-jobs" -> spreadJobs = Integer.parseInt(args[++i]);
        case "--spread-seconds" -> spreadSeconds = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--systems" -> systems = Arrays.asList(args[++i].split(","));
        case "--pg-url" -> pgUrl = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
  }

  private void runAll() throws Exception {
    System.out.printf(
        "Chronos end-to-end: burn-down of %,d jobs, punctuality of %,d jobs over %d s, %d threads, %d cores%n",
        jobs, spreadJobs, spreadSeconds, threads, Runtime.getRuntime().availableProcessors());
    boolean pg = postgresReachable();
    for (String system : systems) {
      if (system.startsWith("postgresql") && !pg) {
        System.out.printf("%-14s skipped: PostgreSQL not reachable at %s%n", system, pgUrl);
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      row.put("system", system);
      System.out.printf("%-14s burn-down...%n", system);
      double rate = system.equals("executor") ? executorBurnDown() : chronosBurnDown(system);
      row.put("burn-down jobs/s", String.format(Locale.ROOT, "%.0f", rate));
      System.out.printf("%-14s %,.0f jobs/s; punctuality...%n", system, rate);
      long[] lateness =
          system.equals("executor") ? executorPunctuality() : chronosPunctuality(system);
      Arrays.sort(lateness);
      row.put("p50 ms", ms(percentile(lateness, 50)));
      row.put("p99 ms", ms(percentile(lateness, 99)));
      row.put("p99.9 ms", ms(percentile(lateness, 99.9)));
      row.put("max ms", ms(lateness[lateness.length - 1]));
      row.put("early", String.valueOf(Arrays.stream(lateness).filter(l -> l < 0).count()));
      System.out.printf(
          "%-14s p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms, early %s%n",
          system,
          row.get("p50 ms"),
          row.get("p99 ms"),
          row.get("p99.9 ms"),
          row.get("max ms"),
          row.get("early"));
      rows.add(row);
    }
    write();
  }

  // ---- Chronos ----------------------------------------------------------------------------------

  /** The stores of one system: one per node, all on the same data. */
  private Supplier<JobStore> stores(String system, String prefix, Path h2Dir) {
    return switch (system) {
      case "memory" -> {
        InMemoryJobStore shared = new InMemoryJobStore();
        yield () -> shared;
      }
      case "h2" ->
          () ->
              JdbcJobStore.builder()
                  .jdbcUrl(
                      "jdbc:h2:file:" + h2Dir.resolve("bench") + ";LOCK_TIMEOUT=10000", "sa", "")
                  .maxPoolSize(threads + 2)
                  .build();
      case "postgresql", "postgresql-3" ->
          () ->
              JdbcJobStore.builder()
                  .jdbcUrl(pgUrl, "postgres", "")
                  .tablePrefix(prefix)
                  .maxPoolSize(threads + 2)
                  .build();
      default -> throw new IllegalArgumentException("unknown system " + system);
    };
  }

  private static int nodes(String system) {
    return system.endsWith("-3") ? 3 : 1;
  }

  private Chronos node(
      JobStore store, String id, CountDownLatch done, Runnable onRun, boolean handler) {
    ChronosBuilder b =
        Chronos.builder()
            .store(store)
            .nodeId(id)
            .workerThreads(threads)
            .pollInterval(Duration.ofMillis(500));
    if (handler) {
      b.handler(
          "noop",
          ctx -> {
            onRun.run();
            return null;
          });
      b.listener(
          new JobListener() {
            @Override
            public void onCompleted(Job job, Execution execution) {
              done.countDown();
            }
          });
    }
    return b.build();
  }

  private double chronosBurnDown(String system) throws Exception {
    String prefix = prefix();
    Path dir = Files.createTempDirectory("chronos-bench");
    Supplier<JobStore> stores = stores(system, prefix, dir);
    CountDownLatch done = new CountDownLatch(jobs);
    List<Chronos> nodes = new ArrayList<>();
    try {
      try (Chronos submitter = node(stores.get(), "submitter", done, () -> {}, false)) {
        List<JobRequest> batch = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
          batch.add(JobRequest.builder().name("burn " + i).handler("noop").build());
          if (batch.size() == 1000 || i == jobs - 1) {
            submitter.submitAll(batch);
            batch.clear();
          }
        }
      }
      for (int i = 0; i < nodes(system); i++) {
        nodes.add(node(stores.get(), "node-" + i, done, () -> {}, true));
      }
      long t0 = System.nanoTime();
      nodes.forEach(Chronos::start);
      progress(done, jobs);
      long elapsed = System.nanoTime() - t0;
      return jobs / (elapsed / 1e9);
    } finally {
      nodes.forEach(Chronos::close);
      cleanup(system, prefix, dir);
    }
  }

  private long[] chronosPunctuality(String system) throws Exception {
    String prefix = prefix();
    Path dir = Files.createTempDirectory("chronos-bench");
    Supplier<JobStore> stores = stores(system, prefix, dir);
    CountDownLatch done = new CountDownLatch(spreadJobs);
    long[] lateness = new long[spreadJobs];
    AtomicInteger next = new AtomicInteger();
    List<Chronos> nodes = new ArrayList<>();
    try {
      Map<UUID, Instant> unused = Map.of();
      for (int i = 0; i < nodes(system); i++) {
        Chronos n =
            Chronos.builder()
                .store(stores.get())
                .nodeId("node-" + i)
                .workerThreads(threads)
                .pollInterval(Duration.ofMillis(500))
                .handler(
                    "stamp",
                    ctx -> {
                      long late = Duration.between(ctx.scheduledFor(), Instant.now()).toNanos();
                      lateness[next.getAndIncrement()] = late;
                      done.countDown();
                      return null;
                    })
                .build()
                .start();
        nodes.add(n);
      }
      try (Chronos submitter = node(stores.get(), "submitter", done, () -> {}, false)) {
        Instant start = Instant.now().plusSeconds(3);
        long stepNanos = Duration.ofSeconds(spreadSeconds).toNanos() / spreadJobs;
        List<JobRequest> batch = new ArrayList<>();
        for (int i = 0; i < spreadJobs; i++) {
          batch.add(
              JobRequest.builder()
                  .name("spread " + i)
                  .handler("stamp")
                  .scheduledFor(start.plusNanos(stepNanos * i))
                  .build());
          if (batch.size() == 500 || i == spreadJobs - 1) {
            submitter.submitAll(batch);
            batch.clear();
          }
        }
        progress(done, spreadJobs);
      }
      return Arrays.copyOf(lateness, next.get());
    } finally {
      nodes.forEach(Chronos::close);
      cleanup(system, prefix, dir);
    }
  }

  // ---- baseline ---------------------------------------------------------------------------------

  private double executorBurnDown() throws InterruptedException {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads);
    CountDownLatch done = new CountDownLatch(jobs);
    long t0 = System.nanoTime();
    for (int i = 0; i < jobs; i++) {
      executor.execute(done::countDown);
    }
    done.await();
    long elapsed = System.nanoTime() - t0;
    executor.shutdown();
    return jobs / (elapsed / 1e9);
  }

  private long[] executorPunctuality() throws InterruptedException {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads);
    CountDownLatch done = new CountDownLatch(spreadJobs);
    long[] lateness = new long[spreadJobs];
    AtomicInteger next = new AtomicInteger();
    Instant start = Instant.now().plusSeconds(3);
    long stepNanos = Duration.ofSeconds(spreadSeconds).toNanos() / spreadJobs;
    for (int i = 0; i < spreadJobs; i++) {
      Instant due = start.plusNanos(stepNanos * i);
      long delay = Duration.between(Instant.now(), due).toNanos();
      executor.schedule(
          () -> {
            lateness[next.getAndIncrement()] = Duration.between(due, Instant.now()).toNanos();
            done.countDown();
          },
          delay,
          TimeUnit.NANOSECONDS);
    }
    progress(done, spreadJobs);
    executor.shutdown();
    return Arrays.copyOf(lateness, next.get());
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private static void progress(CountDownLatch done, int total) throws InterruptedException {
    while (!done.await(2, TimeUnit.SECONDS)) {
      System.out.printf("    %,d / %,d%n", total - done.getCount(), total);
    }
  }

  private static String prefix() {
    return "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
  }

  private void cleanup(String system, String prefix, Path dir) throws Exception {
    if (system.startsWith("postgresql")) {
      try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "");
          Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + prefix + "executions");
        st.execute("DROP TABLE IF EXISTS " + prefix + "jobs");
        st.execute("DROP TABLE IF EXISTS " + prefix + "schema_version");
      }
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private boolean postgresReachable() {
    try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "")) {
      return c.isValid(2);
    } catch (Exception e) {
      return false;
    }
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  private void write() throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    StringBuilder md = new StringBuilder();
    md.append("| ").append(String.join(" | ", columns)).append(" |\n");
    md.append("|").append("---|".repeat(columns.size())).append("\n");
    StringBuilder csv = new StringBuilder(String.join(",", columns)).append("\n");
    for (Map<String, String> row : rows) {
      md.append("| ").append(String.join(" | ", row.values())).append(" |\n");
      csv.append(String.join(",", row.values())).append("\n");
    }
    Path out = Path.of("target", "benchmarks");
    Files.createDirectories(out);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Files.writeString(out.resolve("end-to-end-" + stamp + ".md"), md);
    Files.writeString(out.resolve("end-to-end-" + stamp + ".csv"), csv);
    System.out.println();
    System.out.print(md);
    System.out.println("\nWritten to " + out.toAbsolutePath());
  }
}
