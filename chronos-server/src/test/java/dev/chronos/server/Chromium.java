package dev.chronos.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through its chromedriver, for the dashboard's browser tests. Both
 * paths are given to Selenium explicitly, so Selenium Manager never downloads a browser or a
 * driver. Without them the tests are skipped with a message, except in CI ({@code CI=true}), where
 * they fail.
 */
final class Chromium {
  static final Path BROWSER =
      Path.of(System.getenv().getOrDefault("CHRONOS_CHROMIUM", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getenv().getOrDefault("CHRONOS_CHROMEDRIVER", "/usr/bin/chromedriver"));

  /** Desktop and phone viewports of the screenshots. */
  static final Dimension DESKTOP = new Dimension(1280, 800);

  static final Dimension PHONE = new Dimension(390, 844);

  private Chromium() {}

  /** Skips the calling test (or fails it in CI) when Chromium or chromedriver is missing. */
  static void require() {
    String missing = null;
    if (!Files.isExecutable(BROWSER)) {
      missing = BROWSER + " (apt-get install chromium)";
    } else if (!Files.isExecutable(DRIVER)) {
      missing = DRIVER + " (apt-get install chromium-driver)";
    }
    if (missing != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("The browser tests need " + missing + " in CI");
    }
    Assumptions.assumeTrue(missing == null, "Browser tests skipped: no " + missing);
  }

  /** A new headless browser with a profile of its own in profileDir, at the desktop size. */
  static ChromeDriver start(Path profileDir) {
    require();
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--window-size=1280,800",
            "--user-data-dir=" + profileDir.toAbsolutePath()));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return driver;
  }

  /**
   * Where screenshots go: the folder of system property {@code dashboard.screenshots} (relative to
   * the repository's root, the folder holding {@code mvnw}), or null when it is not set.
   */
  static Path screenshotDir() {
    String dir = System.getProperty("dashboard.screenshots", "");
    if (dir.isBlank()) {
      return null;
    }
    Path path = Path.of(dir);
    if (!path.isAbsolute()) {
      Path root = Path.of("").toAbsolutePath();
      while (root != null && !Files.exists(root.resolve("mvnw"))) {
        root = root.getParent();
      }
      path = (root == null ? Path.of("").toAbsolutePath() : root).resolve(path);
    }
    return path;
  }

  /** Writes the browser's viewport as a PNG to dir/name. */
  static void screenshot(ChromeDriver driver, Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
