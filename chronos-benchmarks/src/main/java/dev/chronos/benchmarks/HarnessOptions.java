package dev.chronos.benchmarks;

import dev.chronos.benchmarks.systems.MariaDb;
import dev.chronos.benchmarks.systems.RunSettings;
import dev.chronos.benchmarks.systems.Systems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The harness's options, parsed from the command line. Immutable.
 *
 * @param jobs burn-down jobs (N)
 * @param warmups burn-down runs per system before the counted ones
 * @param repeat burn-down runs per system; the median is reported
 * @param spreadJobs punctuality jobs (M)
 * @param spread span the punctuality jobs are due over (S)
 * @param lead time from the punctuality submit to the first due time
 * @param submits keyed submits, one by one and again in batches
 * @param batchSize jobs per batch of keyed submits
 * @param heapJobs far-future jobs for the heap-per-job measurement
 * @param pgHeapJobs far-future jobs stored in PostgreSQL for the JDBC-node heap measurement
 * @param threads worker threads of every system (pools get two more connections)
 * @param systems names of the systems to run, in report order
 * @param workloads names of the workloads to run
 * @param pgUrl the PostgreSQL JDBC URL
 * @param pgUser the PostgreSQL user
 * @param pgPassword the PostgreSQL password
 * @param out where reports and charts go
 * @param quick whether this is the smoke-test size
 * @param seedRows rows each system's tables are filled with before each workload (0: none)
 * @param mariadb the MariaDB server
 * @param crossJobs cross-node start jobs
 */
public record HarnessOptions(
    int jobs,
    int warmups,
    int repeat,
    int spreadJobs,
    Duration spread,
    Duration lead,
    int submits,
    int batchSize,
    int heapJobs,
    int pgHeapJobs,
    int threads,
    List<String> systems,
    List<String> workloads,
    String pgUrl,
    String pgUser,
    String pgPassword,
    Path out,
    boolean quick,
    int seedRows,
    MariaDb mariadb,
    int crossJobs) {

  /** Every workload, in the order they run for each system. */
  public static final List<String> ALL_WORKLOADS =
      List.of("burn-down", "punctuality", "submit", "heap", "jdbc-heap", "cross-node");

  static final String USAGE =
      """
      Options:
        --quick                 smoke-test sizes (under a minute for the in-memory systems)
        --jobs N                burn-down jobs (default 20000; quick 2000)
        --warmup W              burn-down and submit rounds not counted (default 2; quick 0)
        --repeat R              counted rounds, median reported (default 3; quick 1); every
                                system runs once per round, in turn
        --seed-rows N           fill each system's tables with N rows before each workload: 90%%
                                finished, 10%% due for a handler no node runs (Chronos JDBC
                                systems; others run on empty tables) (default 0)
        --spread-jobs M         punctuality jobs (default 3000; quick 200)
        --spread-seconds S      punctuality span (default 30; quick 2)
        --submits N             keyed submits, one by one and batched (default 20000; quick 500)
        --batch B               keyed submits per batch (default 500; quick 100)
        --heap-jobs N           far-future jobs for heap per job (default 200000; quick 20000)
        --pg-heap-jobs N        far-future jobs stored in PostgreSQL (default 1000000; quick 20000)
        --threads T             worker threads and pool size - 2 for every system (default 16)
        --systems a,b,...       default: all; known: %s
        --workloads a,b,...     default: all; known: %s
        --pg-url URL            default jdbc:postgresql://127.0.0.1:5432/test (user postgres)
        --pg-user U, --pg-password P
        --maria-url URL         default jdbc:mariadb://127.0.0.1:3306/test (user root); each run
                                makes a database bench_<random> of its own and drops it
        --maria-user U, --maria-password P
        --cross-jobs N          cross-node start jobs, one submitted every 37 ms (default 300;
                                quick 30)
        --out DIR               default target/benchmarks of the module
      """;

  /**
   * Parses the command line.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException for an unknown option or system
   */
  public static HarnessOptions parse(String... args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    int jobs = quick ? 2_000 : 20_000;
    int warmups = quick ? 0 : 2;
    int repeat = quick ? 1 : 3;
    int spreadJobs = quick ? 200 : 3_000;
    Duration spread = Duration.ofSeconds(quick ? 2 : 30);
    Duration lead = Duration.ofMillis(quick ? 500 : 3_000);
    int submits = quick ? 500 : 20_000;
    int seedRows = 0;
    int batch = quick ? 100 : 500;
    int heapJobs = quick ? 20_000 : 200_000;
    int pgHeapJobs = quick ? 20_000 : 1_000_000;
    int threads = 16;
    List<String> systems = Systems.all().stream().map(s -> s.name()).toList();
    List<String> workloads = ALL_WORKLOADS;
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test";
    String pgUser = "postgres";
    String pgPassword = "";
    String mariaUrl = RunSettings.DEFAULT_MARIADB.url();
    String mariaUser = RunSettings.DEFAULT_MARIADB.user();
    String mariaPassword = RunSettings.DEFAULT_MARIADB.password();
    int crossJobs = quick ? 30 : 300;
    Path out = Path.of(System.getProperty("chronos.benchmarks.out", "target/benchmarks"));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> {}
        case "--jobs" -> jobs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmups = Integer.parseInt(args[++i]);
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--spread-jobs" -> spreadJobs = Integer.parseInt(args[++i]);
        case "--spread-seconds" -> spread = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--submits" -> submits = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--heap-jobs" -> heapJobs = Integer.parseInt(args[++i]);
        case "--pg-heap-jobs" -> pgHeapJobs = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--systems" -> systems = List.of(args[++i].split(","));
        case "--workloads" -> workloads = List.of(args[++i].split(","));
        case "--pg-url" -> pgUrl = args[++i];
        case "--pg-user" -> pgUser = args[++i];
        case "--pg-password" -> pgPassword = args[++i];
        case "--maria-url" -> mariaUrl = args[++i];
        case "--maria-user" -> mariaUser = args[++i];
        case "--maria-password" -> mariaPassword = args[++i];
        case "--cross-jobs" -> crossJobs = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--seed-rows" -> seedRows = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
      }
    }
    Systems.named(systems);
    for (String w : workloads) {
      if (!ALL_WORKLOADS.contains(w)) {
        throw new IllegalArgumentException("unknown workload '" + w + "'\n" + usage());
      }
    }
    if (repeat < 1 || warmups < 0) {
      throw new IllegalArgumentException(
          "--repeat must be at least 1 and --warmup at least 0, were "
              + repeat
              + " and "
              + warmups);
    }
    return new HarnessOptions(
        jobs,
        warmups,
        repeat,
        spreadJobs,
        spread,
        lead,
        submits,
        batch,
        heapJobs,
        pgHeapJobs,
        threads,
        systems,
        workloads,
        pgUrl,
        pgUser,
        pgPassword,
        out,
        quick,
        seedRows,
        new MariaDb(mariaUrl, mariaUser, mariaPassword),
        crossJobs);
  }

  static String usage() {
    return USAGE.formatted(
        String.join(", ", Systems.all().stream().map(s -> s.name()).toList()),
        String.join(", ", ALL_WORKLOADS));
  }
}
