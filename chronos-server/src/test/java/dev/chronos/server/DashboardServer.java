package dev.chronos.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.Job;
import dev.chronos.JobContext;
import dev.chronos.JobRequest;
import dev.chronos.ScheduleRequest;
import dev.chronos.client.ChronosClient;
import dev.chronos.client.RemoteWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A started {@code chronos-server} for the browser tests: H2 in a temporary folder, loopback, port
 * 0, an account {@code acme} with a read-write key and a read-only key, and a remote worker (over
 * the HTTP API, as any worker) serving these handlers:
 *
 * <ul>
 *   <li>{@code resize}: completes with {@code {"width": 640}};
 *   <li>{@code gated}: waits until the test opens the gate, then completes;
 *   <li>{@code flaky} and {@code flaky-bulk}: the first attempt fails with a long, multi-line error
 *       holding HTML; later attempts complete;
 *   <li>no worker serves {@code later}, so its jobs stay pending.
 * </ul>
 */
final class DashboardServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The error of a flaky job's first attempt: a stack trace with markup that must stay text. */
  static final String FLAKY_ERROR =
      "upstream answered 503 <script>window.__xss='error'</script>"
          + " <img src=x onerror=\"window.__xss='error-img'\">\n"
          + "\tat com.example.upload.Storage.put(Storage.java:42)\n"
          + "\tat com.example.upload.ResizeHandler.handle(ResizeHandler.java:17)\n"
          + "\tat dev.chronos.client.RemoteWorker.run(RemoteWorker.java:270)"
          + " ".repeat(200)
          + "(end of trace)";

  private final ChronosServer server;
  private final ChronosClient client;
  private final RemoteWorker worker;
  final String writeKey;
  final String readOnlyKey;
  private volatile CountDownLatch gate = new CountDownLatch(1);

  /** A server on H2 in dataDir. */
  DashboardServer(Path dataDir) {
    this(List.of("--port", "0", "--data", dataDir.toString()));
  }

  /**
   * A server started with these arguments (its store and port), with a rate limit no test reaches:
   * the pages refresh themselves and the worker long-polls, all with the same keys.
   */
  DashboardServer(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--rate-limit", "100000"));
    server = ChronosServer.start(ServerSettings.parse(all, Map.of()));
    writeKey = server.keys().create("acme", "ops", false).secret();
    readOnlyKey = server.keys().create("acme", "viewer", true).secret();
    client = ChronosClient.builder().baseUrl(baseUrl()).apiKey(writeKey).build();
    worker =
        client
            .worker()
            .concurrency(4)
            .pollWait(Duration.ofSeconds(5))
            .handle("resize", ctx -> Map.of("width", 640))
            .handle(
                "gated",
                ctx -> {
                  if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                  }
                  return Map.of("gated", true);
                })
            .handle("flaky", DashboardServer::failFirstAttempt)
            .handle("flaky-bulk", DashboardServer::failFirstAttempt)
            .start();
  }

  private static Object failFirstAttempt(JobContext ctx) {
    if (ctx.attempt() == 1) {
      throw new IllegalStateException(FLAKY_ERROR);
    }
    return Map.of("attempt", ctx.attempt());
  }

  /** http://127.0.0.1:port/ (the dashboard is at the root of chronos-server). */
  String baseUrl() {
    return "http://127.0.0.1:" + server.port() + "/";
  }

  /** Submits a job through the API (Bearer, the read-write key). */
  Job submit(String json) {
    return client.submit(JobRequest.fromJson(json));
  }

  /** Creates a schedule through the API; answers its id. */
  UUID schedule(String json) {
    JsonNode created = client.createSchedule(ScheduleRequest.fromJson(json));
    return UUID.fromString(created.get("id").asText());
  }

  /** The job as the API shows it now. */
  Job job(UUID id) {
    return client.job(id);
  }

  /** Lets the waiting {@code gated} jobs complete; later ones wait for the next opening. */
  void openGate() {
    CountDownLatch open = gate;
    gate = new CountDownLatch(1);
    open.countDown();
  }

  @Override
  public void close() {
    gate.countDown();
    worker.stop();
    server.close();
  }
}
