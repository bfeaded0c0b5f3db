package dev.chronos.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.spi.PageCursor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard on 1,000,000 jobs in PostgreSQL (seeded by SQL, with an execution per finished
 * job): time to first render, measured by the browser itself (the page's {@code
 * chronos:rendered:<page>} performance mark, from the start of navigation: HTML, modules, session,
 * API answer, DOM), of the overview, a filtered jobs page, the first page and a page 900,000 jobs
 * deep (keyset cursor). Baselines in the same run: the same deep page by offset ({@code page=}),
 * timed at the API, against the cursor. Tag {@code benchmark} (not in CI); figures in
 * docs/benchmarks.md:
 *
 * <pre>
 * ./mvnw -B -pl chronos-server -am test -Dsurefire.excludedGroups= -Dgroups=benchmark \
 *   -Dtest=DashboardBigTableBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true
 * </pre>
 */
@Tag("benchmark")
class DashboardBigTableBenchmark {
  static final int JOBS = Integer.getInteger("dashboard.benchmark.jobs", 1_000_000);
  static final int RUNS = 7;

  @TempDir Path dir;

  @Test
  void first_render_on_a_million_jobs() throws Exception {
    TestServers.requirePostgres();
    Chromium.require();
    String prefix = TestServers.uniquePrefix();
    try (DashboardServer server = new DashboardServer(TestServers.postgresArgs(prefix))) {
      long seedStart = System.nanoTime();
      seed(prefix);
      long seedMs = (System.nanoTime() - seedStart) / 1_000_000;
      String deepCursor = cursorAt(prefix, JOBS * 9 / 10);
      ChromeDriver driver = Chromium.start(dir.resolve("profile"));
      Map<String, Double> medians = new LinkedHashMap<>();
      try {
        Dashboard ui = new Dashboard(driver, server.baseUrl());
        ui.login(server.writeKey);
        medians.put("overview", render(ui, "#/overview", "overview"));
        medians.put("jobs, first page", render(ui, "#/jobs", "jobs"));
        medians.put(
            "jobs, status=failed&handler=send-email",
            render(ui, "#/jobs?status=failed&handler=send-email", "jobs"));
        medians.put(
            "jobs, 900,000 deep (cursor)", render(ui, "#/jobs?after=" + deepCursor, "jobs"));
        medians.put(
            "jobs, payload.customer=c-4242 (scan, capped)",
            render(ui, "#/jobs?payload_field=customer&payload_value=c-4242", "jobs"));
        ui.open("#/jobs?after=" + deepCursor, "jobs");
        assertThat(ui.all(By.cssSelector("#jobs-results a[data-job-id]"))).hasSize(25);
      } finally {
        driver.quit();
      }
      double apiCursor = api(server, "v1/jobs?size=25&after=" + deepCursor);
      double apiOffset = api(server, "v1/jobs?size=25&page=" + (JOBS * 9 / 10 / 25));
      double apiFirst = api(server, "v1/jobs?size=25");
      double apiStats = api(server, "v1/stats");
      double apiFiltered = api(server, "v1/jobs?size=25&status=failed&handler=send-email");
      StringBuilder report = new StringBuilder();
      report.append(
          String.format("DASHBOARD %,d jobs seeded in %,d ms; load: %s%n", JOBS, seedMs, uptime()));
      medians.forEach(
          (k, v) -> report.append(String.format("DASHBOARD first render %-46s %8.0f ms%n", k, v)));
      report.append(
          String.format(
              "DASHBOARD API GET v1/jobs first page %.1f ms, %,d deep by cursor %.1f ms"
                  + " (%.1fx the first), by page= offset %.1f ms (%.0fx the cursor)%n",
              apiFirst,
              JOBS * 9 / 10,
              apiCursor,
              apiCursor / apiFirst,
              apiOffset,
              apiOffset / apiCursor));
      report.append(
          String.format(
              "DASHBOARD API GET v1/stats %.1f ms; GET v1/jobs?status=failed&handler=send-email"
                  + " %.1f ms%n",
              apiStats, apiFiltered));
      System.out.print(report);
      Path out = Path.of("target", "dashboard-benchmark.txt");
      Files.writeString(out, report);
    } finally {
      TestServers.dropPostgres(prefix);
    }
  }

  /** The median over RUNS fresh loads of the page's first render, in ms since navigation start. */
  private static double render(Dashboard ui, String hash, String page) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < RUNS + 1; i++) {
      ui.driver.get("about:blank");
      ui.driver.get(ui.baseUrl + hash);
      ui.waitForPage(page);
      Number t =
          (Number)
              ui.js(
                  "return performance.getEntriesByName(arguments[0])[0].startTime",
                  "chronos:rendered:" + page);
      if (i > 0) { // the first load warms the server's and the browser's caches
        times.add(t.doubleValue());
      }
    }
    return median(times);
  }

  /** The median over RUNS calls of an API request (Bearer), in ms. */
  private static double api(DashboardServer server, String path) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Authorization", "Bearer " + server.writeKey)
            .build();
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < RUNS + 1; i++) {
      long start = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      double ms = (System.nanoTime() - start) / 1e6;
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      if (i > 0) {
        times.add(ms);
      }
    }
    return median(times);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  /**
   * JOBS jobs of account acme, one every half second back from now (inside the 7 days of retention,
   * which the node purges meanwhile): 90 % completed, 5 % failed, 3 % pending (due tomorrow), 2 %
   * cancelled, over five handlers nobody serves, each with a payload; one execution per completed
   * or failed job.
   */
  private static void seed(String p) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                TestServers.PG_URL, TestServers.PG_USER, TestServers.PG_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO "
              + p
              + "jobs (id, account, name, handler, payload, status, scheduled_for, run_at,"
              + " created_at, updated_at, attempts, max_retries, timeout_seconds, delivery_type,"
              + " last_error)"
              + " SELECT gen_random_uuid(), 'acme', 'Job ' || i,"
              + " (ARRAY['resize-image','send-email','sync-crm','render-pdf','charge-card'])[1 + i % 5],"
              + " jsonb_build_object('customer', 'c-' || (i % 10000), 'seq', i),"
              + " CASE WHEN i % 100 < 90 THEN 'completed' WHEN i % 100 < 95 THEN 'failed'"
              + "      WHEN i % 100 < 98 THEN 'pending' ELSE 'cancelled' END,"
              + " t, CASE WHEN i % 100 BETWEEN 95 AND 97 THEN now() + interval '1 day' ELSE t END,"
              + " t, t, CASE WHEN i % 100 < 95 THEN 1 ELSE 0 END, 3, 30, 'pull',"
              + " CASE WHEN i % 100 BETWEEN 90 AND 94 THEN 'upstream answered 503' END"
              + " FROM (SELECT i, now() - make_interval(secs => i * 0.5) AS t"
              + "       FROM generate_series(1, "
              + JOBS
              + ") AS i) g");
      s.execute(
          "INSERT INTO "
              + p
              + "executions (id, job_id, attempt, trigger_type, status, started_at, finished_at,"
              + " lease_expires_at, error, node)"
              + " SELECT gen_random_uuid(), id, 1, 'submit', status,"
              + " run_at + random() * interval '50 milliseconds',"
              + " run_at + interval '200 milliseconds', run_at + interval '30 seconds',"
              + " last_error, 'seed' FROM "
              + p
              + "jobs WHERE status IN ('completed', 'failed')");
      s.execute("ANALYZE " + p + "jobs");
      s.execute("ANALYZE " + p + "executions");
    }
  }

  /** The cursor of the job at a position of the list (newest first), as a page would give it. */
  private static String cursorAt(String p, int position) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                TestServers.PG_URL, TestServers.PG_USER, TestServers.PG_PASSWORD);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT created_at, id FROM "
                    + p
                    + "jobs WHERE account = 'acme' ORDER BY created_at DESC, id DESC OFFSET "
                    + position
                    + " LIMIT 1")) {
      rs.next();
      return new PageCursor(rs.getTimestamp(1).toInstant(), (UUID) rs.getObject(2)).encode();
    }
  }

  private static String uptime() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
