package dev.chronos.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chronos.benchmarks.report.Results;
import dev.chronos.benchmarks.systems.Postgres;
import dev.chronos.benchmarks.systems.RunSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the harness in {@code --quick} mode: it checks that every system and workload
 * produces its rows and files, not how fast anything is.
 */
class EndToEndQuickTest {
  private static final List<String> IN_PROCESS =
      List.of("executor", "chronos-memory", "chronos-h2", "dbsched-h2-100ms", "quartz-ram");

  @TempDir Path out;

  private EndToEnd.Outcome quick(String systems, String workloads, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--quick",
                "--systems",
                systems,
                "--workloads",
                workloads,
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    return EndToEnd.run(HarnessOptions.parse(args.toArray(String[]::new)));
  }

  @Test
  void quick_mode_produces_rows_for_every_in_process_system_and_writes_the_report()
      throws Exception {
    EndToEnd.Outcome outcome =
        quick(String.join(",", IN_PROCESS), "burn-down,punctuality,submit,heap");

    Results r = outcome.results();
    assertThat(r.notes()).isEmpty();
    assertThat(r.systems("burn-down")).containsExactlyElementsOf(IN_PROCESS);
    assertThat(r.systems("punctuality")).containsExactlyElementsOf(IN_PROCESS);
    for (String system : IN_PROCESS) {
      assertThat(r.get(system, "burn-down", "jobs/s").orElse(0)).isPositive();
      assertThat(r.get(system, "punctuality", "p99 ms")).isPresent();
      assertThat(r.lateness().get(system).count()).isEqualTo(200);
    }
    assertThat(r.systems("submit")).containsExactly("chronos-memory", "chronos-h2", "quartz-ram");
    assertThat(r.systems("heap")).containsExactly("executor", "chronos-memory", "quartz-ram");

    String markdown = Files.readString(outcome.report());
    assertThat(markdown).contains("| chronos-h2 |", "Targets of issue 7");
    assertThat(
            outcome
                .report()
                .resolveSibling(outcome.report().getFileName().toString().replace(".md", ".csv")))
        .exists();
    assertThat(outcome.charts()).hasSize(2).allSatisfy(p -> assertThat(p).isNotEmptyFile());
  }

  @Test
  void quick_mode_measures_the_postgresql_systems_when_the_server_is_reachable() throws Exception {
    assumeTrue(
        new Postgres("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "").reachable(),
        "PostgreSQL is not reachable at 127.0.0.1:5432");

    EndToEnd.Outcome outcome =
        quick("chronos-pg,raw-jdbc-pg", "burn-down,punctuality", "--jobs", "500");

    Results r = outcome.results();
    assertThat(r.systems("burn-down")).containsExactly("chronos-pg", "raw-jdbc-pg");
    assertThat(r.systems("punctuality")).containsExactly("chronos-pg", "raw-jdbc-pg");
  }

  @Test
  void quick_mode_measures_the_mariadb_systems_when_the_server_is_reachable() throws Exception {
    assumeTrue(
        RunSettings.DEFAULT_MARIADB.reachable(), "MariaDB is not reachable at 127.0.0.1:3306");

    EndToEnd.Outcome outcome =
        quick(
            "chronos-maria,chronos-maria-cross,dbsched-maria",
            "burn-down,cross-node",
            "--jobs",
            "500");

    Results r = outcome.results();
    assertThat(r.notes()).isEmpty();
    assertThat(r.systems("burn-down"))
        .containsExactly("chronos-maria", "chronos-maria-cross", "dbsched-maria");
    assertThat(r.systems("cross-node")).containsExactly("chronos-maria-cross");
    assertThat(r.get("chronos-maria-cross", "cross-node", "p99 ms")).isPresent();
  }
}
