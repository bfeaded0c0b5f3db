package dev.chronos.benchmarks.report;

import dev.chronos.benchmarks.workloads.BurnDown;
import dev.chronos.benchmarks.workloads.HeapPerPendingJob;
import dev.chronos.benchmarks.workloads.JdbcNodeHeap;
import dev.chronos.benchmarks.workloads.Punctuality;
import dev.chronos.benchmarks.workloads.SubmitRate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The targets of issue 7, checked against the numbers of one run: burn-down ratios against the
 * other systems measured in the same run (against the best configuration of the other library, so a
 * ratio is never flattered by a slow setting), punctuality p99 bounds, and heap bounds. A target
 * whose systems were not measured is reported as such.
 */
public final class Targets {
  /**
   * One target, checked.
   *
   * @param target what issue 7 asks, in words
   * @param measured what was compared, with the systems' names and values
   * @param value the ratio or the value compared with the bound, or NaN if not measured
   * @param bound the bound, in words (for example {@code ≥ 3})
   * @param met whether the value meets the bound; empty if not measured
   */
  public record Check(
      String target, String measured, double value, String bound, Optional<Boolean> met) {}

  private Targets() {}

  /**
   * Checks every target against a run's results.
   *
   * @param r the results
   * @return the checks, in the issue's order
   */
  public static List<Check> check(Results r) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        ratio(
            r,
            "Burn-down: Chronos H2 ≥ 3× db-scheduler H2",
            "chronos-h2",
            List.of("dbsched-h2", "dbsched-h2-100ms"),
            3));
    checks.add(
        ratio(
            r,
            "Burn-down: Chronos PostgreSQL ≥ 2× db-scheduler lock-and-fetch",
            "chronos-pg",
            List.of("dbsched-pg-lnf", "dbsched-pg-lnf-100ms"),
            2));
    checks.add(
        ratio(
            r,
            "Burn-down: Chronos PostgreSQL ≥ 10× Quartz JDBC",
            "chronos-pg",
            List.of("quartz-pg", "quartz-pg-batch"),
            10));
    checks.add(
        ratio(
            r,
            "Burn-down: Chronos memory ≥ 0.3× bare executor",
            "chronos-memory",
            List.of("executor"),
            0.3));
    checks.add(
        ratio(
            r,
            "Burn-down: Chronos PostgreSQL ≥ 0.5× raw JDBC limit",
            "chronos-pg",
            List.of("raw-jdbc-pg"),
            0.5));
    checks.add(
        atMost(
            r,
            "Punctuality p99 ≤ 5 ms, memory",
            "chronos-memory",
            Punctuality.NAME,
            "p99 ms",
            5,
            " ms"));
    checks.add(
        atMost(
            r, "Punctuality p99 ≤ 20 ms, H2", "chronos-h2", Punctuality.NAME, "p99 ms", 20, " ms"));
    checks.add(
        atMost(
            r,
            "Punctuality p99 ≤ 50 ms, PostgreSQL",
            "chronos-pg",
            Punctuality.NAME,
            "p99 ms",
            50,
            " ms"));
    checks.add(
        atMost(
            r,
            "Punctuality p99 ≤ 50 ms, PostgreSQL 3 nodes",
            "chronos-pg-3",
            Punctuality.NAME,
            "p99 ms",
            50,
            " ms"));
    for (String s : List.of("chronos-memory", "chronos-h2", "chronos-pg", "chronos-pg-3")) {
      checks.add(atMost(r, "Never early: " + s, s, Punctuality.NAME, "early", 0, " jobs"));
    }
    checks.add(
        atMost(
            r,
            "Memory store ≤ 1 KB heap per pending job",
            "chronos-memory",
            HeapPerPendingJob.NAME,
            HeapPerPendingJob.BYTES_PER_JOB,
            1024,
            " B"));
    checks.add(
        atMost(
            r,
            "JDBC node heap does not grow with far-future jobs (≤ 10 MB, noise)",
            "chronos-pg",
            JdbcNodeHeap.NAME,
            JdbcNodeHeap.GROWTH_MB,
            10,
            " MB"));
    return checks;
  }

  /**
   * Checks the targets of issue 14 (the JDBC store on big tables, at parity with db-scheduler):
   * burn-down and single-submit ratios against the other systems of the same run. Run with {@code
   * --seed-rows N} for the figures on a big table.
   *
   * @param r the results
   * @return the checks, in the issue's order
   */
  public static List<Check> issue14(Results r) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        ratio(
            r,
            "Burn-down: Chronos H2 ≥ 1.0× db-scheduler H2 (100 ms polling)",
            "chronos-h2",
            List.of("dbsched-h2-100ms"),
            1.0));
    checks.add(
        ratio(
            r,
            "Burn-down: Chronos PostgreSQL ≥ 3× db-scheduler lock-and-fetch",
            "chronos-pg",
            List.of("dbsched-pg-lnf", "dbsched-pg-lnf-100ms"),
            3));
    checks.add(
        ratio(
            r,
            "Burn-down: Chronos PostgreSQL ≥ 0.5× raw SKIP LOCKED loop",
            "chronos-pg",
            List.of("raw-jdbc-pg"),
            0.5));
    checks.add(
        ratio(
            r,
            "Burn-down: Chronos memory ≥ 0.3× bare executor",
            "chronos-memory",
            List.of("executor"),
            0.3));
    checks.add(
        ratioOf(
            r,
            "Single submit: Chronos PostgreSQL ≥ 1.2× db-scheduler",
            SubmitRate.NAME,
            "one by one /s",
            "chronos-pg",
            List.of("dbsched-pg"),
            1.2));
    checks.add(
        ratioOf(
            r,
            "Single submit: Chronos H2 ≥ 0.8× db-scheduler",
            SubmitRate.NAME,
            "one by one /s",
            "chronos-h2",
            List.of("dbsched-h2"),
            0.8));
    String batches =
        r.metrics(SubmitRate.NAME).stream()
            .filter(m -> m.startsWith("batches of"))
            .findFirst()
            .orElse("batches /s");
    checks.add(
        ratioOf(
            r,
            "Batch submit: Chronos PostgreSQL ≥ db-scheduler",
            SubmitRate.NAME,
            batches,
            "chronos-pg",
            List.of("dbsched-pg"),
            1.0));
    checks.add(
        ratioOf(
            r,
            "Batch submit: Chronos H2 ≥ db-scheduler",
            SubmitRate.NAME,
            batches,
            "chronos-h2",
            List.of("dbsched-h2"),
            1.0));
    return checks;
  }

  private static Check ratio(
      Results r, String target, String chronos, List<String> others, double bound) {
    return ratioOf(r, target, BurnDown.NAME, BurnDown.JOBS_PER_SECOND, chronos, others, bound);
  }

  /** Chronos's value of a metric over the best of the others' in the same run. */
  private static Check ratioOf(
      Results r,
      String target,
      String workload,
      String metric,
      String chronos,
      List<String> others,
      double bound) {
    OptionalDouble mine = r.get(chronos, workload, metric);
    Optional<String> best = r.best(others, workload, metric);
    String boundText = "≥ " + number(bound);
    if (mine.isEmpty() || best.isEmpty()) {
      return new Check(target, "not measured", Double.NaN, boundText, Optional.empty());
    }
    double theirs = r.get(best.get(), workload, metric).getAsDouble();
    double ratio = mine.getAsDouble() / theirs;
    String measured =
        String.format(
            Locale.ROOT,
            "%s %,.0f / %s %,.0f %s",
            chronos,
            mine.getAsDouble(),
            best.get(),
            theirs,
            metric);
    return new Check(target, measured, ratio, boundText, Optional.of(ratio >= bound));
  }

  private static Check atMost(
      Results r,
      String target,
      String system,
      String workload,
      String metric,
      double bound,
      String unit) {
    OptionalDouble v = r.get(system, workload, metric);
    String boundText = "≤ " + number(bound) + unit;
    if (v.isEmpty()) {
      return new Check(target, "not measured", Double.NaN, boundText, Optional.empty());
    }
    return new Check(
        target,
        system + " " + metric,
        v.getAsDouble(),
        boundText,
        Optional.of(v.getAsDouble() <= bound));
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
