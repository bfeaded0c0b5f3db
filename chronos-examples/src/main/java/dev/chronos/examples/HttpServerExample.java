package dev.chronos.examples;

import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.client.ChronosClient;
import dev.chronos.client.RemoteWorker;
import dev.chronos.server.ChronosServer;
import dev.chronos.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API end to end in one process: a {@link ChronosServer} on H2 in a temporary folder, an
 * API key, a job submitted with {@link ChronosClient}, and a {@link RemoteWorker} (which could run
 * anywhere, with only the key) that claims it over HTTP and reports its result.
 *
 * <pre>
 * ./mvnw -q -pl chronos-examples -am compile exec:java -Dexample=dev.chronos.examples.HttpServerExample
 * </pre>
 */
public final class HttpServerExample {
  private HttpServerExample() {}

  /**
   * Runs the example.
   *
   * @param args unused
   * @throws Exception if the folder cannot be made
   */
  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("chronos-http-example");
    ServerSettings settings =
        ServerSettings.parse(List.of("--port", "0", "--data", data.toString()), Map.of());
    try (ChronosServer server = ChronosServer.start(settings)) {
      String key = server.keys().create("acme", "example", false).secret();
      String url = "http://127.0.0.1:" + server.port();
      System.out.println(
          "Server at "
              + url
              + "; try: curl -H 'Authorization: Bearer "
              + key
              + "' "
              + url
              + "/v1/jobs");

      ChronosClient client = ChronosClient.builder().baseUrl(url).apiKey(key).build();
      try (RemoteWorker worker =
          client
              .worker()
              .handle(
                  "resize",
                  ctx ->
                      Map.of(
                          "width",
                          ctx.payload().get("width").asInt() / 2,
                          "attempt",
                          ctx.attempt()))
              .start()) {
        Job job =
            client.submit(
                JobRequest.fromJson(
                    "{\"name\": \"Resize upload\", \"handler\": \"resize\", \"payload\": {\"width\": 1280}}"));
        System.out.println("Submitted " + job.id() + " (" + job.status().json() + ")");
        Instant until = Instant.now().plusSeconds(30);
        Job now = client.job(job.id());
        while (now.status() != JobStatus.COMPLETED && Instant.now().isBefore(until)) {
          Thread.sleep(Duration.ofMillis(50).toMillis()); // an example polls; tests do not
          now = client.job(job.id());
        }
        System.out.println("Job " + now.status().json() + " with result " + now.result());
        System.out.println("Worker running: " + worker.running() + "; stopping it and the server");
      }
    }
  }
}
