package dev.chronos.benchmarks;

import dev.chronos.benchmarks.report.Charts;
import dev.chronos.benchmarks.report.ReportWriter;
import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.BenchmarkedSystem;
import dev.chronos.benchmarks.systems.Postgres;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.Systems;
import dev.chronos.benchmarks.workloads.BurnDown;
import dev.chronos.benchmarks.workloads.CrossNodeStart;
import dev.chronos.benchmarks.workloads.HeapPerPendingJob;
import dev.chronos.benchmarks.workloads.JdbcNodeHeap;
import dev.chronos.benchmarks.workloads.Punctuality;
import dev.chronos.benchmarks.workloads.Rounds;
import dev.chronos.benchmarks.workloads.SubmitRate;
import dev.chronos.benchmarks.workloads.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The end-to-end harness: runs every chosen workload on every chosen system, one at a time, with
 * the same thread count and pool size for all, printing progress. Burn-down and submit run in
 * rounds, each system once per round in turn ({@link Rounds}), so that the machine's load falls on
 * every system alike; then writes a Markdown report, a CSV and PNG charts under {@code
 * target/benchmarks/} and prints the report.
 *
 * <pre>
 * ./mvnw -q -pl chronos-benchmarks -am compile exec:java -Dexec.args="--quick"
 * ./mvnw -q -pl chronos-benchmarks -am compile exec:java
 * ./mvnw -q -pl chronos-benchmarks -am compile exec:java -Dexec.args="--systems chronos-h2,dbsched-h2"
 * </pre>
 *
 * <p>PostgreSQL systems are skipped (with a note) when the server cannot be reached; a PostgreSQL
 * run that fails is retried once after the server answers again. See {@link HarnessOptions} for the
 * options and {@code docs/benchmarks.md} for what bounds each number.
 */
public final class EndToEnd {

  /**
   * What one run produced.
   *
   * @param results the numbers
   * @param report the Markdown file
   * @param charts the PNG files
   */
  public record Outcome(Results results, Path report, List<Path> charts) {}

  private EndToEnd() {}

  /**
   * Runs the harness and exits.
   *
   * @param args options, see {@link HarnessOptions#parse}
   * @throws Exception if writing the report fails
   */
  public static void main(String[] args) throws Exception {
    HarnessOptions options;
    try {
      options = HarnessOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Outcome outcome = run(options);
    System.out.println();
    System.out.print(Files.readString(outcome.report()));
    System.out.println("\nWritten: " + outcome.report().toAbsolutePath());
    for (Path chart : outcome.charts()) {
      System.out.println("Written: " + chart.toAbsolutePath());
    }
    System.exit(0);
  }

  /**
   * Runs the harness.
   *
   * @param o the options
   * @return the results and the files written
   * @throws IOException if the report cannot be written
   */
  public static Outcome run(HarnessOptions o) throws IOException {
    Results results = new Results();
    Postgres pg = new Postgres(o.pgUrl(), o.pgUser(), o.pgPassword());
    Path workDir = o.out().resolve("work");
    RunSettings settings = new RunSettings(o.threads(), pg, workDir, o.seedRows(), o.mariadb());
    List<Workload> workloads = workloads(o);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    describeRun(results, o, stamp);
    System.out.printf(
        "Chronos end-to-end benchmarks%s: %d threads, pool %d, %d cores%n",
        o.quick() ? " (quick)" : "",
        o.threads(),
        settings.poolSize(),
        Runtime.getRuntime().availableProcessors());
    boolean pgUp = pg.reachable();
    boolean mariaUp = o.mariadb().reachable();
    List<BenchmarkedSystem> systems = new ArrayList<>();
    for (BenchmarkedSystem system : Systems.named(o.systems())) {
      if (system.needsPostgres() && !pgUp) {
        results.note(system.name() + ": skipped, PostgreSQL not reachable at " + o.pgUrl());
        System.out.printf("%-22s skipped: PostgreSQL not reachable%n", system.name());
        continue;
      }
      if (system.needsMariaDb() && !mariaUp) {
        results.note(system.name() + ": skipped, MariaDB not reachable at " + o.mariadb().url());
        System.out.printf("%-22s skipped: MariaDB not reachable%n", system.name());
        continue;
      }
      results.describe(system.name(), system.describe());
      systems.add(system);
    }
    for (Workload w : workloads) {
      List<BenchmarkedSystem> applicable = systems.stream().filter(w::appliesTo).toList();
      if (w instanceof Rounds rounds) {
        interleave(rounds, applicable, settings, results, pg);
      } else {
        for (BenchmarkedSystem system : applicable) {
          measure(system, w, settings, results, pg);
        }
      }
      // The report so far, after every workload: a long run stopped late still leaves its results.
      ReportWriter.write(
          results,
          o.out(),
          "end-to-end-" + stamp,
          "Chronos end-to-end benchmarks, " + stamp + " (in progress, up to " + w.name() + ")");
    }
    deleteQuietly(workDir);
    Path report =
        ReportWriter.write(
            results,
            o.out(),
            "end-to-end-" + stamp,
            "Chronos end-to-end benchmarks, " + stamp + (o.quick() ? " (quick)" : ""));
    List<Path> charts;
    try {
      charts = Charts.write(results, o.out(), "end-to-end-" + stamp);
    } catch (IOException | RuntimeException | Error e) {
      System.out.println("Charts not written: " + e);
      charts = List.of();
    }
    return new Outcome(results, report, charts);
  }

  private static List<Workload> workloads(HarnessOptions o) {
    List<Workload> all = new ArrayList<>();
    for (String name : o.workloads()) {
      all.add(
          switch (name) {
            case "burn-down" -> new BurnDown(o.jobs(), o.warmups(), o.repeat());
            case "punctuality" -> new Punctuality(o.spreadJobs(), o.spread(), o.lead());
            case "submit" -> new SubmitRate(o.submits(), o.batchSize(), o.warmups(), o.repeat());
            case "heap" -> new HeapPerPendingJob(o.heapJobs());
            case "jdbc-heap" ->
                new JdbcNodeHeap(
                    "chronos-pg", o.pgHeapJobs(), Duration.ofMillis(o.quick() ? 1500 : 3500));
            case "cross-node" -> new CrossNodeStart(o.crossJobs(), Duration.ofMillis(37));
            default -> throw new IllegalArgumentException("unknown workload " + name);
          });
    }
    return all;
  }

  private static void measure(
      BenchmarkedSystem system, Workload w, RunSettings settings, Results results, Postgres pg) {
    for (int attempt = 1; ; attempt++) {
      System.out.printf("%-22s %s...%n", system.name(), w.name());
      long t0 = System.nanoTime();
      try {
        w.run(system, settings, results);
        System.out.printf(
            "%-22s %s done in %.1f s%s%n",
            system.name(),
            w.name(),
            (System.nanoTime() - t0) / 1e9,
            summary(results, system.name(), w.name()));
        return;
      } catch (Exception | Error e) {
        System.out.printf("%-22s %s failed: %s%n", system.name(), w.name(), e);
        if (attempt == 1 && system.needsPostgres() && awaitPostgres(pg)) {
          System.out.printf("%-22s %s: retrying once%n", system.name(), w.name());
          continue;
        }
        results.note(system.name() + " " + w.name() + " failed: " + e);
        return;
      }
    }
  }

  /**
   * Runs a workload in rounds, every system once per round in turn (see {@link Rounds}); a system
   * whose run fails (after one retry for PostgreSQL) or takes too long leaves the rounds.
   */
  private static void interleave(
      Rounds w,
      List<BenchmarkedSystem> systems,
      RunSettings settings,
      Results results,
      Postgres pg) {
    Map<BenchmarkedSystem, List<double[]>> counted = new LinkedHashMap<>();
    List<BenchmarkedSystem> active = new ArrayList<>(systems);
    int rounds = w.warmups() + w.repeat();
    for (int round = 0; round < rounds && !active.isEmpty(); round++) {
      boolean warmup = round < w.warmups();
      for (BenchmarkedSystem system : List.copyOf(active)) {
        System.out.printf(
            "%-22s %s, round %d of %d%s...%n",
            system.name(), w.name(), round + 1, rounds, warmup ? " (warm-up)" : "");
        double[] sample = onceWithRetry(w, system, settings, results, pg);
        if (sample == null) {
          active.remove(system);
          continue;
        }
        List<double[]> mine = counted.computeIfAbsent(system, k -> new ArrayList<>());
        if (!warmup || (w.tooLong(sample) && mine.isEmpty())) {
          mine.add(sample);
        }
        if (w.tooLong(sample)) {
          System.out.printf(
              "  %s: a run took too long; measured from %d run(s), not repeated%n",
              system.name(), mine.size());
          active.remove(system);
        }
      }
    }
    for (BenchmarkedSystem system : systems) {
      List<double[]> samples = counted.get(system);
      if (samples != null && !samples.isEmpty()) {
        w.report(system, samples, results);
        System.out.printf(
            "%-22s %s%s%n", system.name(), w.name(), summary(results, system.name(), w.name()));
      }
    }
  }

  private static double[] onceWithRetry(
      Rounds w, BenchmarkedSystem system, RunSettings settings, Results results, Postgres pg) {
    for (int attempt = 1; ; attempt++) {
      try {
        return w.once(system, settings);
      } catch (Exception | Error e) {
        System.out.printf("%-22s %s failed: %s%n", system.name(), w.name(), e);
        if (attempt == 1 && system.needsPostgres() && awaitPostgres(pg)) {
          System.out.printf("%-22s %s: retrying once%n", system.name(), w.name());
          continue;
        }
        results.note(system.name() + " " + w.name() + " failed: " + e);
        return null;
      }
    }
  }

  private static String summary(Results r, String system, String workload) {
    StringBuilder s = new StringBuilder();
    for (String metric : r.metrics(workload)) {
      r.get(system, workload, metric)
          .ifPresent(v -> s.append(String.format(Locale.ROOT, "; %s %,.2f", metric, v)));
    }
    return s.toString();
  }

  /** Waits up to 60 s for PostgreSQL (another engineer's outage test may stop it briefly). */
  private static boolean awaitPostgres(Postgres pg) {
    for (int i = 0; i < 30; i++) {
      if (pg.reachable()) {
        return true;
      }
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static void describeRun(Results r, HarnessOptions o, String stamp) {
    r.setting("started", stamp);
    r.setting(
        "machine",
        Runtime.getRuntime().availableProcessors()
            + " cores ("
            + cpuModel()
            + "), "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + ", max heap "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024)
            + " MB");
    r.setting("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    r.setting("threads / pool", o.threads() + " worker threads, pool " + (o.threads() + 2));
    r.setting(
        "burn-down",
        String.format(
            Locale.ROOT,
            "%,d no-op jobs due now; median of %d round(s) after %d uncounted, every system once"
                + " per round in turn; CPU per job is this JVM's (embedded H2 included, a"
                + " PostgreSQL server's not)",
            o.jobs(),
            o.repeat(),
            o.warmups()));
    r.setting(
        "seeded rows",
        o.seedRows() == 0
            ? "none (empty tables)"
            : String.format(
                Locale.ROOT,
                "%,d rows in each Chronos JDBC system's tables before each workload: 90%%"
                    + " finished with their executions, 10%% due for a handler no node runs",
                o.seedRows()));
    r.setting("load average at start", loadAverage());
    r.setting(
        "punctuality",
        String.format(
            Locale.ROOT,
            "%,d jobs due evenly over %d s, first %d ms after the submit",
            o.spreadJobs(),
            o.spread().toSeconds(),
            o.lead().toMillis()));
    r.setting(
        "submit",
        String.format(
            Locale.ROOT,
            "%,d keyed submits one by one, %,d in batches of %d, one thread; median of %d"
                + " round(s) after %d uncounted",
            o.submits(),
            o.submits(),
            o.batchSize(),
            o.repeat(),
            o.warmups()));
    r.setting(
        "heap",
        String.format(
            Locale.ROOT,
            "%,d far-future jobs on the heap; %,d far-future jobs in PostgreSQL",
            o.heapJobs(),
            o.pgHeapJobs()));
    r.setting(
        "cross-node",
        String.format(
            Locale.ROOT,
            "%,d jobs due now, one submitted every 37 ms through a node without handlers; latency"
                + " = handler start - submit",
            o.crossJobs()));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip()
          + " (other processes share the cores: ratios within one run are what compare)";
    } catch (IOException | RuntimeException e) {
      return String.format(
          Locale.ROOT,
          "%.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.out.println("Could not delete " + dir + ": " + e);
    }
  }
}
