package dev.chronos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as it is run: {@code main} in a JVM of its own, stopped with SIGTERM. */
class ServerProcessTest {
  @TempDir Path dir;

  @Test
  void sigterm_answers_waiting_long_polls_drains_and_stops() throws Exception {
    try (Jvm server =
        new Jvm(ChronosServer.class, List.of("--port", "0", "--data", dir.toString()))) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> server.line("listening on") != null || !server.process.isAlive());
      assertThat(server.process.isAlive()).as(server.output()).isTrue();
      Matcher port = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(server.line("listening on"));
      assertThat(port.find()).isTrue();
      String base = "http://127.0.0.1:" + port.group(1);
      Matcher key = Pattern.compile("chrns_[A-Za-z0-9_-]{43}").matcher(server.output());
      assertThat(key.find()).as("the bootstrap key is printed").isTrue();

      // The folder is the server's: a keys command beside it is refused at once, saying why.
      CommandLineTest cli = new CommandLineTest();
      CommandLineTest.Output o =
          cli.run(java.util.Map.of(), "keys", "list", "--data", dir.toString());
      assertThat(o.status()).isEqualTo(1);
      assertThat(o.err()).contains("open in another process");

      HttpClient http = HttpClient.newHttpClient();
      CompletableFuture<HttpResponse<String>> waiting =
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(base + "/v1/worker/jobs/claim"))
                  .header("Authorization", "Bearer " + key.group())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"handlers\": [\"x\"], \"wait_seconds\": 20}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Awaitility.await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !waiting.isDone());
      long signalled = System.nanoTime();
      // SIGTERM with kill(1): Process.destroy() would also close the pipes the output comes on.
      assertThat(Shell.bash("kill -TERM " + server.process.pid(), 10).exit()).isZero();
      HttpResponse<String> answer = waiting.get(15, TimeUnit.SECONDS);
      long answeredMs = (System.nanoTime() - signalled) / 1_000_000;
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains("\"data\":[]");
      assertThat(server.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      System.out.println("A waiting long-poll answered " + answeredMs + " ms after SIGTERM");
      assertThat(answeredMs).isLessThan(10_000); // not the 20 s of its wait
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(server.output())
                      .contains("Chronos server stopping")
                      .contains("POST /v1/worker/jobs/claim 200")
                      .contains("Chronos server stopped"));
    }
  }
}
