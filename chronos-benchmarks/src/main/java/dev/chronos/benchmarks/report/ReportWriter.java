package dev.chronos.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Writes one run's results as Markdown (a table per workload with systems as rows, then the
 * targets) and as CSV (one number per line: system, workload, metric, value; the targets follow
 * with workload {@code target}).
 */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * The Markdown report.
   *
   * @param r the results
   * @param title the heading
   * @return the Markdown text
   */
  public static String markdown(Results r, String title) {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    for (Map.Entry<String, String> e : r.settings().entrySet()) {
      md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    md.append("\n## Systems\n\n| system | what |\n|---|---|\n");
    for (Map.Entry<String, String> e : r.descriptions().entrySet()) {
      md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
    }
    for (String workload : r.workloads()) {
      List<String> metrics = r.metrics(workload);
      md.append("\n## ").append(workload).append("\n\n| system | ");
      md.append(String.join(" | ", metrics)).append(" |\n|---|");
      md.append("---:|".repeat(metrics.size())).append('\n');
      for (String system : r.systems(workload)) {
        md.append("| ").append(system).append(" |");
        for (String metric : metrics) {
          OptionalDouble v = r.get(system, workload, metric);
          md.append(' ').append(v.isPresent() ? Targets.number(v.getAsDouble()) : "").append(" |");
        }
        md.append('\n');
      }
    }
    targets(md, "Targets of issue 7 (ratios from this run)", Targets.check(r));
    targets(md, "Targets of issue 14 (ratios from this run)", Targets.issue14(r));
    if (!r.notes().isEmpty()) {
      md.append("\n## Notes\n\n");
      for (String note : r.notes()) {
        md.append("- ").append(note).append('\n');
      }
    }
    return md.toString();
  }

  private static void targets(StringBuilder md, String title, List<Targets.Check> checks) {
    md.append("\n## ").append(title).append("\n\n");
    md.append("| target | measured | value | bound | met |\n|---|---|---:|---|---|\n");
    for (Targets.Check c : checks) {
      md.append("| ")
          .append(c.target())
          .append(" | ")
          .append(c.measured())
          .append(" | ")
          .append(Targets.number(c.value()))
          .append(" | ")
          .append(c.bound())
          .append(" | ")
          .append(c.met().map(m -> m ? "yes" : "**no**").orElse("–"))
          .append(" |\n");
    }
  }

  /**
   * The CSV text.
   *
   * @param r the results
   * @return one header line and one line per number
   */
  public static String csv(Results r) {
    StringBuilder csv = new StringBuilder("system,workload,metric,value\n");
    for (Results.Measurement m : r.measurements()) {
      csv.append(quote(m.system()))
          .append(',')
          .append(quote(m.workload()))
          .append(',')
          .append(quote(m.metric()))
          .append(',')
          .append(m.value())
          .append('\n');
    }
    List<Targets.Check> all = new ArrayList<>(Targets.check(r));
    all.addAll(Targets.issue14(r));
    for (Targets.Check c : all) {
      if (c.met().isPresent()) {
        csv.append(quote(c.measured()))
            .append(",target,")
            .append(quote(c.target()))
            .append(',')
            .append(c.value())
            .append('\n');
      }
    }
    return csv.toString();
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  /**
   * Writes {@code <name>.md} and {@code <name>.csv}.
   *
   * @param r the results
   * @param dir the folder, created if missing
   * @param name the file name without extension
   * @param title the Markdown heading
   * @return the Markdown file
   * @throws IOException if writing fails
   */
  public static Path write(Results r, Path dir, String name, String title) throws IOException {
    Files.createDirectories(dir);
    Path md = dir.resolve(name + ".md");
    Files.writeString(md, markdown(r, title));
    Files.writeString(dir.resolve(name + ".csv"), csv(r));
    return md;
  }
}
