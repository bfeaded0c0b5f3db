package dev.chronos.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.Chronos;
import dev.chronos.ClaimedJob;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.PullWorker;
import dev.chronos.http.ApiKeys;
import dev.chronos.http.ChronosApi;
import dev.chronos.http.ChronosJettyHandler;
import dev.chronos.http.InMemoryApiKeyStore;
import dev.chronos.http.JdbcApiKeyStore;
import dev.chronos.http.JdbcWorkerClaims;
import dev.chronos.jdbc.JdbcJobStore;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.JobStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP API against in-process calls on the same store, side by side in one run: submits per
 * second (closed loop, {@code threads} callers, keep-alive connections from the JDK client on
 * loopback), the latency of {@code POST /v1/jobs} at half the measured HTTP rate (open loop, one
 * request every 1/rate s spread over the callers), and jobs per second through pull workers (claim
 * up to 16, complete each) over HTTP and in-process.
 *
 * <pre>
 * ./mvnw -q -pl chronos-benchmarks -am compile exec:java@http -Dexec.args="memory 8 10"
 * ./mvnw -q -pl chronos-benchmarks -am compile exec:java@http -Dexec.args="postgres 8 10"
 * </pre>
 *
 * Arguments: the store ({@code memory}, {@code h2} or {@code postgres}, at 127.0.0.1:5432 user
 * postgres db test, a fresh table prefix), caller threads, seconds per phase, and how long the API
 * remembers a key found (seconds, default 5 as chronos-server; 0 looks the key up at every
 * request). On a database the keys and worker claims are in its tables, as chronos-server keeps
 * them.
 */
public final class HttpVersusInProcess {
  private static final String BODY =
      "{\"name\": \"Process upload\", \"handler\": \"process-upload\","
          + " \"delay\": {\"value\": 1, \"unit\": \"day\"}, \"payload\": {\"fileId\": \"file_abc123\"}}";

  private HttpVersusInProcess() {}

  /**
   * Runs the comparison and prints a Markdown table.
   *
   * @param args store, threads, seconds
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    String storeName = args.length > 0 ? args[0] : "memory";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Duration phase = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10);
    Duration keyCache = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 5);
    HikariDataSource pool = null;
    String prefix = null;
    JobStore store;
    switch (storeName) {
      case "memory" -> store = new InMemoryJobStore();
      case "h2", "postgres" -> {
        HikariConfig config = new HikariConfig();
        if (storeName.equals("h2")) {
          java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("chronos-http-bench");
          config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
          config.setUsername("sa");
        } else {
          config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
          config.setUsername("postgres");
        }
        config.setMaximumPoolSize(threads + 4);
        pool = new HikariDataSource(config);
        prefix = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
        store = JdbcJobStore.builder().dataSource(pool).tablePrefix(prefix).build();
      }
      default -> throw new IllegalArgumentException("store must be memory, h2 or postgres");
    }
    Chronos chronos = Chronos.builder().store(store).build().start();
    // As chronos-server runs: on a database, keys and worker claims in its tables.
    ApiKeys keys =
        new ApiKeys(
            pool == null ? new InMemoryApiKeyStore() : new JdbcApiKeyStore(pool, prefix),
            Clock.systemUTC(),
            keyCache);
    String secret = keys.create("default", "bench", false, false, 1_000_000_000).secret();
    ChronosApi.Builder apiBuilder =
        ChronosApi.builder().chronos(chronos).store(store).keys(keys).rateLimit(1_000_000_000);
    if (pool != null) {
      apiBuilder.claims(new JdbcWorkerClaims(pool, prefix));
    }
    ChronosApi api = apiBuilder.build();
    Server server = new Server(new QueuedThreadPool(200, 8));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    // Time spent in the API's handler (parse, key, route, store, write the JSON), to tell it from
    // the time a request spends elsewhere (client, sockets, Jetty, waiting for a core).
    AtomicLong handlerNanos = new AtomicLong();
    AtomicLong handled = new AtomicLong();
    ChronosJettyHandler chronosHandler = new ChronosJettyHandler(api);
    server.setHandler(
        new org.eclipse.jetty.server.Handler.Wrapper(chronosHandler) {
          @Override
          public boolean handle(
              org.eclipse.jetty.server.Request request,
              org.eclipse.jetty.server.Response response,
              org.eclipse.jetty.util.Callback callback)
              throws Exception {
            long t = System.nanoTime();
            try {
              return super.handle(request, response, callback);
            } finally {
              handlerNanos.addAndGet(System.nanoTime() - t);
              handled.incrementAndGet();
            }
          }
        });
    server.start();
    URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    try {
      // Warm-up: both paths, a few seconds each.
      rate(callers, threads, Duration.ofSeconds(3), () -> post(http, base, secret, BODY));
      rate(
          callers, threads, Duration.ofSeconds(3), () -> chronos.submit(JobRequest.fromJson(BODY)));

      // The phase in 4 rounds, in the order in-process, HTTP, HTTP, in-process, ... (ABBA), so a
      // change of the machine's load during the run weighs on both sides alike; the ratio is
      // the median of the rounds' ratios, the rates the sums over the rounds.
      Duration round = phase.dividedBy(4);
      double[] ratios = new double[4];
      double inProcessSum = 0;
      double overHttpSum = 0;
      long handlerNanosBefore = 0;
      long handledBefore = 0;
      long httpNanos = 0;
      long httpCalls = 0;
      for (int r = 0; r < 4; r++) {
        double in;
        double over;
        if (r % 2 == 0) {
          in = rate(callers, threads, round, () -> chronos.submit(JobRequest.fromJson(BODY)));
          handlerNanosBefore = handlerNanos.get();
          handledBefore = handled.get();
          over = rate(callers, threads, round, () -> post(http, base, secret, BODY));
        } else {
          handlerNanosBefore = handlerNanos.get();
          handledBefore = handled.get();
          over = rate(callers, threads, round, () -> post(http, base, secret, BODY));
          in = rate(callers, threads, round, () -> chronos.submit(JobRequest.fromJson(BODY)));
        }
        httpNanos += handlerNanos.get() - handlerNanosBefore;
        httpCalls += handled.get() - handledBefore;
        ratios[r] = over / in;
        inProcessSum += in;
        overHttpSum += over;
      }
      Arrays.sort(ratios);
      double inProcess = inProcessSum / 4;
      double overHttp = overHttpSum / 4;
      double medianRatio = (ratios[1] + ratios[2]) / 2;
      // Closed loop: each caller's time per call, against the handler's share of it.
      double callMs = threads / overHttp * 1e3;
      double handlerMs = httpNanos / 1e6 / Math.max(1, httpCalls);
      long[] latencies =
          openLoop(callers, threads, phase, overHttp / 2, () -> post(http, base, secret, BODY));

      int pullJobs = (int) Math.max(2_000, Math.min(20_000, inProcess * 2));
      double pullInProcess =
          pull(chronos, callers, threads, pullJobs, "bench-pull-a", null, null, null);
      double pullHttp =
          pull(chronos, callers, threads, pullJobs, "bench-pull-b", http, base, secret);

      System.out.printf(
          Locale.ROOT,
          "%n| %s, %d callers, %d s per phase, key cache %d s | in-process | HTTP | HTTP / in-process |%n|---|---|---|---|%n",
          storeName,
          threads,
          phase.toSeconds(),
          keyCache.toSeconds());
      System.out.printf(
          Locale.ROOT,
          "| submits/s (4 rounds ABBA; ratio: median of rounds, %.2f to %.2f) | %.0f | %.0f | %.2f |%n",
          ratios[0],
          ratios[3],
          inProcess,
          overHttp,
          medianRatio);
      System.out.printf(
          Locale.ROOT,
          "| HTTP submit: ms per call per caller / of it in the API handler | | %.2f / %.2f | |%n",
          callMs,
          handlerMs);
      System.out.printf(
          Locale.ROOT,
          "| POST /v1/jobs at %.0f/s: p50 / p99 / max (ms) | | %.2f / %.2f / %.2f | |%n",
          overHttp / 2,
          latencies[latencies.length / 2] / 1e6,
          latencies[(int) (latencies.length * 0.99)] / 1e6,
          latencies[latencies.length - 1] / 1e6);
      System.out.printf(
          Locale.ROOT,
          "| pull jobs/s (claim 16, complete each; %d jobs) | %.0f | %.0f | %.2f |%n",
          pullJobs,
          pullInProcess,
          pullHttp,
          pullHttp / pullInProcess);
    } finally {
      callers.shutdownNow();
      server.stop();
      chronos.close();
      if (pool != null) {
        pool.close();
      }
    }
    System.exit(0);
  }

  private static void post(HttpClient http, URI base, String secret, String body) {
    send(http, base.resolve("/v1/jobs"), secret, body, 201);
  }

  private static String send(HttpClient http, URI uri, String secret, String body, int expected) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", "Bearer " + secret)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expected) {
        throw new IllegalStateException(r.statusCode() + " " + r.body());
      }
      return r.body();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Closed loop: every caller repeats the call for the phase; calls per second. */
  private static double rate(ExecutorService callers, int threads, Duration phase, Runnable call)
      throws Exception {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + phase.toNanos();
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(
          callers.submit(
              () -> {
                while (System.nanoTime() < end) {
                  call.run();
                  done.incrementAndGet();
                }
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Open loop at a fixed rate: latency from each request's planned start (no coordinated omission).
   */
  private static long[] openLoop(
      ExecutorService callers, int threads, Duration phase, double perSecond, Runnable call)
      throws Exception {
    long interval = (long) (1e9 / perSecond);
    int count = (int) (phase.toSeconds() * perSecond);
    long[] latencies = new long[count];
    long start = System.nanoTime() + 10_000_000;
    AtomicLong next = new AtomicLong();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(
          callers.submit(
              () -> {
                for (long i; (i = next.getAndIncrement()) < count; ) {
                  long planned = start + i * interval;
                  long wait;
                  while ((wait = planned - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  call.run();
                  latencies[(int) i] = System.nanoTime() - planned;
                }
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    Arrays.sort(latencies);
    return latencies;
  }

  /** Submits {@code jobs} due now, then drains them with pull workers; jobs per second. */
  private static double pull(
      Chronos chronos,
      ExecutorService callers,
      int threads,
      int jobs,
      String handler,
      HttpClient http,
      URI base,
      String secret)
      throws Exception {
    List<JobRequest> batch = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      batch.add(JobRequest.builder().name("pull").handler(handler).payload(Map.of("i", i)).build());
      if (batch.size() == 500) {
        chronos.submitAll(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      chronos.submitAll(batch);
    }
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    PullWorker worker = chronos.pull("bench");
    String claim = "{\"handlers\": [\"" + handler + "\"], \"max\": 16, \"wait_seconds\": 0}";
    for (int t = 0; t < threads; t++) {
      futures.add(
          callers.submit(
              () -> {
                while (done.get() < jobs) {
                  if (http == null) {
                    List<ClaimedJob> claimed = worker.claim(Set.of(handler), 16, Duration.ZERO);
                    for (ClaimedJob c : claimed) {
                      worker.complete(c, Map.of("ok", true));
                      done.incrementAndGet();
                    }
                    if (claimed.isEmpty() && remaining(chronos, handler) == 0) {
                      return;
                    }
                  } else {
                    String answer =
                        send(http, base.resolve("/v1/worker/jobs/claim"), secret, claim, 200);
                    int found = 0;
                    for (int at = answer.indexOf("\"execution_id\":\"");
                        at >= 0;
                        at = answer.indexOf("\"execution_id\":\"", at + 1)) {
                      String id = answer.substring(at + 16, at + 52);
                      send(
                          http,
                          base.resolve("/v1/worker/executions/" + id + "/complete"),
                          secret,
                          "{\"result\": {\"ok\": true}}",
                          200);
                      done.incrementAndGet();
                      found++;
                    }
                    if (found == 0 && remaining(chronos, handler) == 0) {
                      return;
                    }
                  }
                }
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static long remaining(Chronos chronos, String handler) {
    return chronos
        .jobs(
            JobQuery.builder()
                .handler(handler)
                .statuses(JobStatus.PENDING, JobStatus.RETRYING, JobStatus.RUNNING)
                .size(1)
                .build())
        .total();
  }
}
