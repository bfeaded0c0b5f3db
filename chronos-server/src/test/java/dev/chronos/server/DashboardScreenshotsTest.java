package dev.chronos.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Screenshots of every page at desktop (1280×800) and phone (390×844) width, light and (for the
 * overview) dark, for the README: {@code ./mvnw -B -pl chronos-server -am test
 * -Dsurefire.excludedGroups= -Dgroups=browser -Dtest=DashboardScreenshotsTest
 * -Ddashboard.screenshots=docs/dashboard -Djacoco.skip=true}. Without the property it is skipped.
 */
@Tag("browser")
class DashboardScreenshotsTest {
  @TempDir Path dir;

  @Test
  void screenshots_of_every_page_at_desktop_and_phone_width() {
    Path out = Chromium.screenshotDir();
    Assumptions.assumeTrue(out != null, "no -Ddashboard.screenshots=<folder>: no screenshots");
    Chromium.require();
    try (DashboardServer server = new DashboardServer(dir.resolve("data"))) {
      ChromeDriver driver = Chromium.start(dir.resolve("profile"));
      try {
        Dashboard ui = new Dashboard(driver, server.baseUrl());
        Seeded seeded = seed(server, ui);
        List<String[]> pages =
            List.of(
                new String[] {"overview", "#/overview", "overview"},
                new String[] {"jobs", "#/jobs", "jobs"},
                new String[] {"job", "#/jobs/" + seeded.retried(), "job"},
                new String[] {"schedules", "#/schedules", "schedules"},
                new String[] {"schedule", "#/schedules/" + seeded.schedule(), "schedule"},
                new String[] {"audit", "#/audit", "audit"});
        for (var size : Map.of("desktop", Chromium.DESKTOP, "phone", Chromium.PHONE).entrySet()) {
          viewport(driver, size.getValue());
          for (String[] page : pages) {
            ui.open(page[1], page[2]);
            ui.waitUntil(d -> !ui.all(By.cssSelector("main h1")).isEmpty());
            Chromium.screenshot(driver, out, page[0] + "-" + size.getKey() + ".png");
          }
        }
        viewport(driver, Chromium.DESKTOP);
        driver.executeCdpCommand(
            "Emulation.setEmulatedMedia",
            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        ui.open("#/overview", "overview");
        Chromium.screenshot(driver, out, "overview-dark-desktop.png");
        ui.open("#/jobs/" + seeded.retried(), "job");
        Chromium.screenshot(driver, out, "job-dark-desktop.png");
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        ui.loggedOut();
        Chromium.screenshot(driver, out, "login-desktop.png");
        viewport(driver, Chromium.PHONE);
        ui.open("#/login", "login");
        Chromium.screenshot(driver, out, "login-phone.png");
      } finally {
        driver.quit();
      }
    }
    assertThat(out.resolve("overview-desktop.png"))
        .satisfies(p -> assertThat(Files.size(p)).isPositive());
  }

  private record Seeded(UUID retried, UUID schedule) {}

  /** Data that makes each page show what it is for: finished, failed, waiting jobs, a schedule. */
  private static Seeded seed(DashboardServer server, Dashboard ui) {
    for (int i = 0; i < 12; i++) {
      server.submit(
          "{\"name\": \"Resize upload "
              + i
              + "\", \"handler\": \"resize\", \"payload\": {\"fileId\": \"file_"
              + i
              + "\"}}");
    }
    for (int i = 0; i < 3; i++) {
      server.submit(
          "{\"name\": \"Sync invoices "
              + i
              + "\", \"handler\": \"flaky-bulk\", \"max_retries\": 0}");
      server.submit(
          "{\"name\": \"Send reminder "
              + i
              + "\", \"handler\": \"later\", \"scheduled_for\": \""
              + Instant.now().plus(i + 1, ChronoUnit.HOURS)
              + "\"}");
    }
    Job flaky =
        server.submit(
            "{\"name\": \"Import catalogue\", \"handler\": \"flaky\", \"max_retries\": 0,"
                + " \"idempotency_key\": \"import-2026-12-01\","
                + " \"payload\": {\"source\": \"s3://catalogue/2026-12-01.csv\", \"rows\": 1200}}");
    UUID schedule =
        server.schedule(
            "{\"name\": \"Morning report\", \"handler\": \"later\", \"cron\": \"0 9 * * 1-5\","
                + " \"timezone\": \"Europe/London\", \"misfire_policy\": \"skip\", \"overlap_policy\": \"skip\"}");
    server.schedule(
        "{\"name\": \"Purge exports\", \"handler\": \"later\", \"interval\": {\"value\": 15,"
            + " \"unit\": \"minute\"}}");
    ui.login(server.writeKey);
    ui.open("#/jobs/" + flaky.id(), "job");
    ui.waitForText(By.id("job-status"), "failed");
    ui.click(By.cssSelector("[data-action=retry]"));
    ui.waitForText(By.id("job-status"), "completed");
    ui.open("#/schedules/" + schedule, "schedule");
    ui.click(By.cssSelector("[data-action=pause]"));
    ui.waitForText(By.id("schedule-status-badge"), "paused");
    ui.click(By.cssSelector("[data-action=resume]"));
    ui.waitForText(By.id("schedule-status-badge"), "active");
    return new Seeded(flaky.id(), schedule);
  }

  /** Sets the page's viewport itself (not the window, whose frame would take a part of it). */
  private static void viewport(ChromeDriver driver, Dimension size) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of(
            "width",
            size.width,
            "height",
            size.height,
            "deviceScaleFactor",
            1,
            "mobile",
            size.width < 600));
  }
}
