package dev.chronos.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Job;
import dev.chronos.JobStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard in a real headless Chromium against a started {@code chronos-server}: logging in,
 * live updates, filters and search, a job's executions, the actions and bulk actions, schedules,
 * and what a read-only key, a wrong key and a request without the CSRF token get. Tag {@code
 * browser}: run with {@code -Dsurefire.excludedGroups= -Dgroups=browser}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
  @TempDir static Path dir;
  private DashboardServer server;
  private ChromeDriver driver;
  private Dashboard ui;

  @BeforeAll
  void start() {
    Chromium.require();
    server = new DashboardServer(dir.resolve("data"));
    driver = Chromium.start(dir.resolve("profile"));
    ui = new Dashboard(driver, server.baseUrl());
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void a_wrong_key_cannot_log_in() {
    ui.loggedOut();
    ui.type(By.id("key"), "chrns_" + "x".repeat(43));
    ui.click(By.id("login-submit"));
    ui.waitForText(By.id("login-error"), "not accepted");
    assertThat(ui.all(By.cssSelector("#nav a"))).allMatch(a -> !a.isDisplayed());
    // Nothing of the API answers without a session either.
    Object status = fetchStatus("GET", "v1/jobs", false);
    assertThat(status).isEqualTo(401L);
  }

  @Test
  void the_keyboard_alone_logs_in_and_moves_between_pages() {
    ui.loggedOut();
    // The key field has the focus on arrival; Enter submits the form.
    assertThat(ui.js("return document.activeElement.id")).isEqualTo("key");
    driver.switchTo().activeElement().sendKeys(server.writeKey, Keys.ENTER);
    ui.waitForPage("overview");
    // The new page has the focus (its main part); Tab goes through its links and buttons, then
    // round to the skip link and the navigation.
    assertThat(ui.js("return document.activeElement.id")).isEqualTo("main");
    Actions keyboard = new Actions(driver);
    String focused = "";
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 40 && !focused.equals("Jobs"); i++) {
      keyboard.sendKeys(Keys.TAB).perform();
      focused = (String) ui.js("return document.activeElement.textContent.trim()");
      seen.add(focused);
    }
    assertThat(focused).as("focus went through %s", seen).isEqualTo("Jobs");
    keyboard.sendKeys(Keys.ENTER).perform();
    ui.waitForPage("jobs");
  }

  @Test
  void logging_out_ends_the_session() {
    ui.login(server.writeKey);
    ui.click(By.id("logout"));
    ui.waitFor(By.id("key"));
    assertThat(fetchStatus("GET", "v1/jobs", false)).isEqualTo(401L);
    // Coming back later with the same browser: the login page again, not the data.
    driver.get(server.baseUrl() + "#/jobs");
    driver.navigate().refresh();
    ui.waitFor(By.id("key"));
  }

  @Test
  void logs_in_and_the_overview_shows_counts_and_nodes() {
    Job done = server.submit("{\"name\": \"Resize a\", \"handler\": \"resize\"}");
    // No node serves this handler: the job stays due, in the store's due backlog.
    server.submit("{\"name\": \"Waits\", \"handler\": \"nobody-serves-this\"}");
    ui.login(server.writeKey);
    // The chart when the server reports attempts per minute, else a sentence saying it does not.
    ui.waitUntil(
        d -> !ui.all(By.cssSelector("#overview svg.chart, #overview #chart-not-served")).isEmpty());
    ui.waitUntil(
        d ->
            !text("[data-status=completed] .value").equals("0")
                && server.job(done.id()).status() == JobStatus.COMPLETED);
    assertThat(text("#who-mode")).isEqualTo("read-write");
    assertThat(text("#who-name")).contains("acme").contains("ops");
    assertThat(ui.all(By.cssSelector("#status-counts .card"))).hasSize(6);
    assertThat(text("#overview")).contains("Live nodes (1)").contains("this node");
    assertThat(text("#due-backlog .value")).matches("[1-9][0-9,]*");
    assertThat(text("#oldest-lag .label")).isEqualToIgnoringCase("Oldest due lag");
  }

  @Test
  void a_submitted_job_appears_and_completes_live() {
    ui.login(server.writeKey);
    ui.open("#/jobs?handler=gated", "jobs");
    Job job = server.submit("{\"name\": \"Live one\", \"handler\": \"gated\"}");
    String id = job.id().toString();
    // Seen without a reload: the page refreshes itself. The worker holds the job at the gate.
    ui.waitUntil(d -> "running".equals(ui.rowStatus(id)));
    server.openGate();
    ui.waitUntil(d -> "completed".equals(ui.rowStatus(id)));
  }

  @Test
  void filters_and_search_find_the_jobs() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Instant later = Instant.now().plus(2, ChronoUnit.HOURS);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(
          server.submit(
              "{\"name\": \"Find me "
                  + i
                  + "\", \"handler\": \"later\", \"scheduled_for\": \""
                  + later
                  + "\", \"idempotency_key\": \"find-"
                  + tag
                  + "-"
                  + i
                  + "\", \"payload\": {\"fileId\": \"file-"
                  + tag
                  + "-"
                  + i
                  + "\"}}"));
    }
    ui.login(server.writeKey);
    ui.open("#/jobs", "jobs");
    // Filter by the form: status pending, handler later.
    ui.click(By.cssSelector("input[name=status][value=pending]"));
    ui.type(By.id("f-handler"), "later");
    ui.click(By.id("apply-filters"));
    ui.waitUntil(d -> String.valueOf(d.getCurrentUrl()).contains("handler=later"));
    ui.waitUntil(
        d -> jobs.stream().allMatch(j -> "pending".equals(ui.rowStatus(j.id().toString()))));
    // Search by idempotency key: exactly that job.
    ui.type(By.id("f-q"), "find-" + tag + "-1");
    ui.click(By.id("apply-filters"));
    ui.waitUntil(d -> rowIds().equals(List.of(jobs.get(1).id().toString())));
    // Search by id.
    ui.open("#/jobs?q=" + jobs.get(2).id(), "jobs");
    ui.waitUntil(d -> rowIds().equals(List.of(jobs.get(2).id().toString())));
    // A payload field.
    ui.open("#/jobs", "jobs");
    ui.type(By.id("f-payload_field"), "fileId");
    ui.type(By.id("f-payload_value"), "file-" + tag + "-0");
    ui.click(By.id("apply-filters"));
    ui.waitUntil(d -> rowIds().equals(List.of(jobs.get(0).id().toString())));
    // A filter nothing matches says so.
    ui.open("#/jobs?handler=no-such-handler-" + tag, "jobs");
    ui.waitForText(By.id("jobs-results"), "No job matches");
  }

  @Test
  void a_failed_job_retried_shows_both_executions_with_the_error_as_text() {
    Job job =
        server.submit(
            "{\"name\": \"<script>window.__xss='name'</script>\", \"handler\": \"flaky\","
                + " \"max_retries\": 0, \"payload\": {\"html\": \"<img src=x"
                + " onerror=\\\"window.__xss='payload'\\\">\"}}");
    String id = job.id().toString();
    ui.login(server.writeKey);
    ui.open("#/jobs/" + id, "job");
    ui.waitForText(By.id("job-status"), "failed");
    WebElement first = ui.waitFor(By.cssSelector("#executions li[data-attempt='1']"));
    assertThat(first.getAttribute("data-status")).isEqualTo("failed");
    assertThat(first.findElement(By.cssSelector(".exec-error")).getText())
        .contains("upstream answered 503 <script>window.__xss='error'</script>");
    // The whole error, stack trace included, is one click away.
    first.findElement(By.cssSelector("details summary")).click();
    assertThat(first.findElement(By.cssSelector("pre.stack")).getText())
        .contains("at com.example.upload.Storage.put(Storage.java:42)")
        .contains("(end of trace)");
    assertThat(text("h1")).contains("<script>window.__xss='name'</script>");
    assertThat(text("#job-payload")).contains("<img src=x onerror=");
    assertThat(ui.js("return window.__xss === undefined")).isEqualTo(true);
    assertThat(ui.all(By.cssSelector("main script, main img"))).isEmpty();

    ui.click(By.cssSelector("[data-action=retry]"));
    ui.waitForText(By.id("job-status"), "completed");
    ui.waitUntil(d -> ui.all(By.cssSelector("#executions li")).size() == 2);
    WebElement second = driver.findElement(By.cssSelector("#executions li[data-attempt='2']"));
    assertThat(second.getAttribute("data-status")).isEqualTo("completed");
    assertThat(second.getText()).contains("trigger: manual");
    assertThat(driver.findElement(By.cssSelector("#executions li[data-attempt='1']")).getText())
        .contains("upstream answered 503");
    assertThat(text("#job-result")).contains("\"attempt\": 2");
    assertThat(ui.js("return window.__xss === undefined")).isEqualTo(true);
  }

  @Test
  void cancel_asks_first_and_cancels_a_waiting_job() {
    Job job = waitingJob("Cancel me");
    ui.login(server.writeKey);
    ui.open("#/jobs/" + job.id(), "job");
    // Cancelling in the dialog changes nothing.
    ui.click(By.cssSelector("[data-action=cancel]"));
    ui.click(By.cssSelector("dialog[open] [data-action=dialog-cancel]"));
    assertThat(server.job(job.id()).status()).isEqualTo(JobStatus.PENDING);
    ui.click(By.cssSelector("[data-action=cancel]"));
    ui.confirmDialog();
    ui.waitForText(By.id("job-status"), "cancelled");
    assertThat(server.job(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
    // A cancelled job offers no action.
    assertThat(ui.all(By.cssSelector("[data-action]"))).isEmpty();
  }

  @Test
  void run_now_and_reschedule_move_a_waiting_job() {
    Job job = waitingJob("Move me");
    ui.login(server.writeKey);
    ui.open("#/jobs/" + job.id(), "job");
    ui.click(By.cssSelector("[data-action=reschedule]"));
    WebElement at = ui.waitFor(By.id("reschedule-at"));
    // datetime-local in the browser's zone (UTC in the test's headless Chromium unless TZ says
    // else).
    String local =
        (String)
            ui.js(
                "const d = new Date(Date.now() + 3 * 3600e3);"
                    + " return new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);");
    ui.js("arguments[0].value = arguments[1]", at, local);
    ui.confirmDialog();
    ui.waitUntil(
        d -> server.job(job.id()).runAt().isAfter(Instant.now().plus(2, ChronoUnit.HOURS)));
    ui.waitForPage("job");
    ui.click(By.cssSelector("[data-action=run]"));
    ui.waitUntil(d -> !server.job(job.id()).runAt().isAfter(Instant.now()));
  }

  @Test
  void bulk_retry_by_filter_previews_the_count_then_retries() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          server
              .submit(
                  "{\"name\": \"Bulk " + i + "\", \"handler\": \"flaky-bulk\", \"max_retries\": 0}")
              .id()
              .toString());
    }
    ui.login(server.writeKey);
    ui.open("#/jobs?status=failed&handler=flaky-bulk", "jobs");
    ui.waitUntil(d -> ids.stream().allMatch(id -> "failed".equals(ui.rowStatus(id))));
    ui.click(By.id("bulk-retry"));
    WebElement preview = ui.waitFor(By.id("bulk-preview"));
    assertThat(preview.getAttribute("data-count")).isEqualTo("3");
    assertThat(preview.getText()).contains("3 failed jobs match").contains("handler = flaky-bulk");
    ui.confirmDialog();
    ui.waitForText(By.id("notice"), "3 jobs retried");
    ui.open("#/jobs?handler=flaky-bulk", "jobs");
    ui.waitUntil(d -> ids.stream().allMatch(id -> "completed".equals(ui.rowStatus(id))));
  }

  @Test
  void pause_resume_and_trigger_a_schedule() {
    UUID id =
        server.schedule(
            "{\"name\": \"Morning report\", \"handler\": \"later\", \"cron\": \"0 9 * * 1-5\","
                + " \"timezone\": \"Europe/London\"}");
    ui.login(server.writeKey);
    ui.open("#/schedules", "schedules");
    ui.click(By.cssSelector("a[data-schedule-id='" + id + "']"));
    ui.waitForPage("schedule");
    assertThat(text("#schedule-cadence"))
        .contains("every weekday at 09:00")
        .contains("Europe/London");
    assertThat(ui.all(By.cssSelector("#next-fires li"))).isNotEmpty();
    ui.click(By.cssSelector("[data-action=pause]"));
    ui.waitForText(By.id("schedule-status-badge"), "paused");
    ui.click(By.cssSelector("[data-action=resume]"));
    ui.waitForText(By.id("schedule-status-badge"), "active");
    ui.click(By.cssSelector("[data-action=trigger]"));
    ui.waitForText(By.id("notice"), "A job of this schedule runs now");
    ui.waitUntil(d -> !ui.all(By.cssSelector("main table a[href^='#/jobs/']")).isEmpty());
  }

  @Test
  void a_read_only_key_sees_no_action_and_cannot_act() {
    Job job = waitingJob("Look, don't touch");
    UUID schedule =
        server.schedule("{\"name\": \"Hourly\", \"handler\": \"later\", \"cron\": \"0 * * * *\"}");
    ui.login(server.readOnlyKey);
    assertThat(text("#who-mode")).isEqualTo("read-only");
    ui.open("#/jobs/" + job.id(), "job");
    assertThat(ui.all(By.cssSelector("[data-action]"))).isEmpty();
    ui.open("#/jobs?status=pending", "jobs");
    assertThat(ui.all(By.id("bulk-retry"))).isEmpty();
    assertThat(ui.all(By.id("bulk-cancel"))).isEmpty();
    ui.open("#/schedules/" + schedule, "schedule");
    assertThat(ui.all(By.cssSelector("[data-action]"))).isEmpty();
    // Trying anyway, with the session's CSRF token: 403 forbidden, nothing changed.
    assertThat(fetchCode("POST", "v1/jobs/" + job.id() + "/cancel", true)).isEqualTo("forbidden");
    assertThat(server.job(job.id()).status()).isEqualTo(JobStatus.PENDING);
  }

  @Test
  void an_action_without_the_csrf_token_is_refused() {
    Job job = waitingJob("Forged");
    ui.login(server.writeKey);
    assertThat(fetchStatus("POST", "v1/jobs/" + job.id() + "/cancel", false)).isEqualTo(403L);
    assertThat(fetchCode("POST", "v1/jobs/" + job.id() + "/cancel", false))
        .isEqualTo("csrf_token_invalid");
    assertThat(server.job(job.id()).status()).isEqualTo(JobStatus.PENDING);
    // The same request with the token goes through: the token is what was missing.
    assertThat(fetchStatus("POST", "v1/jobs/" + job.id() + "/cancel", true)).isEqualTo(200L);
    assertThat(server.job(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
  }

  private Job waitingJob(String name) {
    return server.submit(
        "{\"name\": \""
            + name
            + "\", \"handler\": \"later\", \"scheduled_for\": \""
            + Instant.now().plus(1, ChronoUnit.HOURS)
            + "\"}");
  }

  private String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  @SuppressWarnings("unchecked")
  private List<String> rowIds() {
    return (List<String>)
        ui.js(
            "return [...document.querySelectorAll('#jobs-results a[data-job-id]')]"
                + ".map(a => a.dataset.jobId)");
  }

  /**
   * A request from the page's own context with fetch (the session cookie is sent), with or without
   * the session's CSRF token; answers {status, code}.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> fetch(String method, String path, boolean withToken) {
    return (Map<String, Object>)
        ui.asyncJs(
            "const [method, path, withToken, done] = arguments;"
                + " (async () => {"
                + "   const headers = {'Content-Type': 'application/json'};"
                + "   if (withToken) {"
                + "     const s = await fetch('ui/session').then(r => r.json());"
                + "     headers['X-CSRF-Token'] = s.data.csrf_token;"
                + "   }"
                + "   const r = await fetch(path, {method, headers,"
                + "       body: method === 'GET' ? undefined : '{}'});"
                + "   const body = await r.json().catch(() => ({}));"
                + "   done({status: r.status, code: body.code ?? null});"
                + " })().catch(e => done({status: -1, code: String(e)}));",
            method,
            path,
            withToken);
  }

  private Object fetchStatus(String method, String path, boolean withToken) {
    return fetch(method, path, withToken).get("status");
  }

  private Object fetchCode(String method, String path, boolean withToken) {
    return fetch(method, path, withToken).get("code");
  }
}
