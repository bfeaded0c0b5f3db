package dev.chronos.server;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a user drives it in the browser: pages by their hash route, waits on what the
 * page shows (WebDriverWait, never sleeps), and the few element ids and data attributes the pages
 * give for that. Generous timeouts: the machine running the tests may be loaded.
 */
final class Dashboard {
  static final Duration WAIT = Duration.ofSeconds(30);

  final ChromeDriver driver;
  final String baseUrl;
  private final WebDriverWait wait;

  Dashboard(ChromeDriver driver, String baseUrl) {
    this.driver = driver;
    this.baseUrl = baseUrl;
    this.wait = new WebDriverWait(driver, WAIT);
  }

  /** Loads the dashboard afresh (no session in the page) with no cookie: the login page. */
  void loggedOut() {
    driver.get(baseUrl);
    driver.manage().deleteAllCookies();
    driver.get(baseUrl + "#/overview");
    waitFor(By.id("key"));
  }

  /** Logs in with a key and waits for the overview. */
  void login(String key) {
    loggedOut();
    type(By.id("key"), key);
    driver.findElement(By.id("login-submit")).click();
    waitForPage("overview");
  }

  /** Goes to a hash route ("#/jobs?status=failed") and waits for that page to be rendered. */
  void open(String hash, String page) {
    // The marker is set once a page has rendered: clear it, so the wait sees this rendering.
    boolean same = hash.equals(js("return location.hash"));
    js("document.getElementById('main').dataset.page = ''");
    if (same) {
      driver.navigate().refresh();
    } else {
      driver.get(baseUrl + hash);
    }
    waitForPage(page);
  }

  void waitForPage(String page) {
    wait.until(ExpectedConditions.attributeToBe(By.id("main"), "data-page", page));
  }

  WebElement waitFor(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  void waitUntil(java.util.function.Function<ChromeDriver, Boolean> condition) {
    wait.until(d -> condition.apply(driver));
  }

  /** Waits until the element's text contains the text (the page refreshes it on its own). */
  void waitForText(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  void type(By by, String text) {
    WebElement input = waitFor(by);
    input.clear();
    input.sendKeys(text);
  }

  void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  /** Clicks the confirm button of the open dialog. */
  void confirmDialog() {
    click(By.cssSelector("dialog[open] [data-action=dialog-confirm]"));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog[open]"), 0));
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  Object asyncJs(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  /** The status badge's text in the jobs table row of a job, or null when the row is not shown. */
  String rowStatus(String jobId) {
    return (String)
        js(
            "const a = document.querySelector(`a[data-job-id='${arguments[0]}']`);"
                + " return a ? a.closest('tr').querySelector('.badge').textContent : null;",
            jobId);
  }
}
