package dev.chronos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a user runs it: {@code java -jar chronos-server-<version>.jar}, with nothing
 * of the build's class path. It starts, serves {@code /health} and the API (a job submitted,
 * claimed and completed), stops on SIGTERM, and runs the keys commands. Runs after {@code package}
 * ({@code ./mvnw verify}), where failsafe passes the jar's path.
 */
class FatJarIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;

  private static Path jar() {
    String path = System.getProperty("chronos.server.jar");
    // Failsafe sets it, after package; a test run that picks this class up by name has no jar.
    assumeTrue(path != null, "run by failsafe after package (./mvnw verify)");
    Path jar = Path.of(path);
    assertThat(jar).as("the runnable jar, built by package").isRegularFile();
    return jar;
  }

  private HttpResponse<String> send(String method, String url, String key, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void java_dash_jar_serves_the_api_and_stops_on_sigterm() throws Exception {
    Path data = dir.resolve("data");
    try (Jvm server = Jvm.jar(jar(), List.of("--port", "0", "--data", data.toString()))) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> server.line("listening on") != null || !server.process.isAlive());
      assertThat(server.process.isAlive()).as(server.output()).isTrue();
      Matcher port = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(server.line("listening on"));
      assertThat(port.find()).isTrue();
      String base = "http://127.0.0.1:" + port.group(1);
      Matcher key = Pattern.compile("chrns_[A-Za-z0-9_-]{43}").matcher(server.output());
      assertThat(key.find()).as("the bootstrap key is printed").isTrue();

      HttpResponse<String> health = send("GET", base + "/health", null, null);
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);

      HttpResponse<String> submitted =
          send(
              "POST",
              base + "/v1/jobs",
              key.group(),
              "{\"name\": \"Process upload\", \"handler\": \"process-upload\","
                  + " \"payload\": {\"fileId\": \"file_abc123\"}}");
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
      String jobId = JSON.readTree(submitted.body()).path("data").path("id").asText();

      HttpResponse<String> claimed =
          send(
              "POST",
              base + "/v1/worker/jobs/claim",
              key.group(),
              "{\"handlers\": [\"process-upload\"], \"wait_seconds\": 10}");
      JsonNode claim = JSON.readTree(claimed.body()).path("data").path(0);
      assertThat(claim.path("job_id").asText()).as(claimed.body()).isEqualTo(jobId);
      HttpResponse<String> completed =
          send(
              "POST",
              base + "/v1/worker/executions/" + claim.path("execution_id").asText() + "/complete",
              key.group(),
              "{\"result\": {\"ok\": true}}");
      assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
      HttpResponse<String> job = send("GET", base + "/v1/jobs/" + jobId, key.group(), null);
      assertThat(JSON.readTree(job.body()).path("data").path("status").asText())
          .isEqualTo("completed");

      assertThat(Shell.bash("kill -TERM " + server.process.pid(), 10).exit()).isZero();
      assertThat(server.process.waitFor(60, TimeUnit.SECONDS)).as(server.output()).isTrue();
      // 143 = 128 + SIGTERM: the JVM's status after a signal, once the shutdown hook has drained.
      assertThat(server.process.exitValue()).as(server.output()).isEqualTo(143);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(server.output())
                      .contains("GET /health 200")
                      .contains("POST /v1/jobs 201")
                      .contains("Chronos server stopped"));
    }

    // The keys commands from the same jar, on the folder the server left.
    try (Jvm keys = Jvm.jar(jar(), List.of("keys", "list", "--data", data.toString()))) {
      assertThat(keys.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(keys.output()).contains("default"));
      assertThat(keys.process.exitValue()).as(keys.output()).isZero();
    }
    assertThat(Files.isDirectory(data)).isTrue();
  }
}
