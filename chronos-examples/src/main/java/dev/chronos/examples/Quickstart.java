package dev.chronos.examples;

import com.sun.net.httpserver.HttpServer;
import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.Execution;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobListener;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.Page;
import dev.chronos.jdbc.JdbcJobStore;
import dev.chronos.push.SignatureVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Walks through the one-off jobs guide on a live node: a job that runs as soon as possible, one
 * with a delay, one scheduled for a moment ahead, an idempotency conflict, a job that fails twice
 * and then succeeds, a job that times out, a push delivery to a local receiver that verifies its
 * signature, a cancelled job, and the final {@code schedule_id=null} listing. Runs by itself in
 * about fifteen seconds:
 *
 * <pre>./mvnw -q -pl chronos-examples -am compile exec:java</pre>
 */
public final class Quickstart {
  private static final Instant START = Instant.now();

  private Quickstart() {}

  /**
   * Runs the walk-through.
   *
   * @param args ignored
   * @throws Exception if the walk-through is interrupted
   */
  public static void main(String[] args) throws Exception {
    AtomicInteger chargeAttempts = new AtomicInteger();
    Set<JobStatus> terminal = Set.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED);
    CountDownLatch settled = new CountDownLatch(7);

    // A local receiver for push delivery that checks every request's signature, as your endpoint
    // would with SignatureVerifier.
    String secret = "whsec-quickstart-" + java.util.UUID.randomUUID();
    SignatureVerifier verifier = SignatureVerifier.of(secret);
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks/chronos",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          SignatureVerifier.Result check =
              verifier.verify(exchange.getRequestHeaders()::getFirst, body);
          say(
              "    ⇢ receiver got %s %s: signature %s",
              exchange.getRequestMethod(),
              new String(body, java.nio.charset.StandardCharsets.UTF_8),
              check);
          byte[] answer = "{\"received\": true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(check.isValid() ? 200 : 401, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    receiver.start();
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/chronos";

    Path data = Path.of("chronos-data", "quickstart");
    deleteRecursively(data); // every run starts fresh, so the idempotency demo conflicts only once
    say("embedded H2 database in %s", data.toAbsolutePath());

    try (Chronos chronos =
        Chronos.builder()
            .store(JdbcJobStore.h2(data))
            .signingSecret(secret)
            // The receiver is on loopback over plain HTTP: allowed here, refused by default.
            .allowHttp()
            .allowPrivateNetworks()
            .handler(
                "process-upload",
                ctx -> Map.of("fileId", ctx.payload().get("fileId").asText(), "pages", 12))
            .handler(
                "send-email",
                ctx -> {
                  say(
                      "    ✉  sending %s to %s",
                      ctx.payload().get("template").asText(), ctx.payload().get("userId").asText());
                  return Map.of("sent", true);
                })
            .handler(
                "expire-trial", ctx -> Map.of("expired", ctx.payload().get("accountId").asText()))
            .handler(
                "charge-invoice",
                ctx -> {
                  if (chargeAttempts.incrementAndGet() <= 2) {
                    throw new IllegalStateException("payment provider answered 503");
                  }
                  return Map.of("charged", ctx.payload().get("invoiceId").asText());
                })
            .handler(
                "slow-report",
                ctx -> {
                  TimeUnit.MINUTES.sleep(5); // far longer than its 1 s timeout: it is interrupted
                  return "never";
                })
            .listener(new Narrator(settled, terminal))
            .build()
            .start()) {

      title("1. As soon as possible: neither delay nor scheduled_for");
      Job upload =
          chronos.submit(
              JobRequest.fromJson(
                  "{\"name\": \"Process upload\", \"handler\": \"process-upload\", \"payload\": {\"fileId\": \"file_abc123\"}}"));
      say("submitted %s, run_at %s", upload.id(), upload.runAt());

      title("2. A delay: run 2 seconds from now");
      Job followUp =
          chronos.submit(
              JobRequest.fromJson(
                  "{\"name\": \"Send follow-up\", \"handler\": \"send-email\", \"delay\": {\"value\": 2, \"unit\": \"second\"},"
                      + " \"payload\": {\"userId\": \"usr_123\", \"template\": \"follow-up\"}}"));
      say("submitted %s, run_at %s", followUp.id(), followUp.runAt());

      title("3. scheduled_for: a moment ahead (3 s)");
      Job trial =
          chronos.submit(
              JobRequest.builder()
                  .name("Expire trial")
                  .handler("expire-trial")
                  .scheduledFor(Instant.now().plusSeconds(3))
                  .payload(Map.of("accountId", "acc_456"))
                  .build());
      say("submitted %s, run_at %s", trial.id(), trial.runAt());

      title("4. Idempotency keys: the second submit is rejected");
      JobRequest charge =
          JobRequest.builder()
              .name("Charge invoice inv_789")
              .handler("charge-invoice")
              .delay(1, DelayUnit.SECOND)
              .idempotencyKey("charge-inv_789")
              .maxRetries(3)
              .payload(Map.of("invoiceId", "inv_789"))
              .build();
      Job charged = chronos.submit(charge);
      say("submitted %s with key charge-inv_789", charged.id());
      try {
        chronos.submit(charge);
      } catch (IdempotencyKeyConflictException e) {
        say("second submit → %s: existing job %s", e.code(), e.existingJobId());
      }
      say("(this job fails twice, then succeeds: watch the backoff of 1–2 s, then 2–4 s)");

      title("5. Timeout: a handler that runs past its 1 s timeout is interrupted");
      Job report =
          chronos.submit(
              JobRequest.builder()
                  .name("Slow report")
                  .handler("slow-report")
                  .timeoutSeconds(1)
                  .maxRetries(0)
                  .build());
      say("submitted %s (timeout 1 s, max_retries 0)", report.id());

      title("6. Push delivery: sent as a signed HTTP request to " + hook);
      Job webhook =
          chronos.submit(
              JobRequest.fromJson(
                  "{\"name\": \"Send webhook notification\", \"handler\": \"notify\","
                      + " \"delivery\": {\"type\": \"push\", \"http\": {\"url\": \""
                      + hook
                      + "\", \"method\": \"POST\"}},"
                      + " \"payload\": {\"event\": \"subscription.created\", \"data\": {\"id\": \"sub_123\"}}}"));
      say("submitted %s (push, signed with the node's secret)", webhook.id());

      title("7. Cancel: a job that was due in an hour");
      Job cancelled =
          chronos.submit(
              JobRequest.builder()
                  .name("Reminder")
                  .handler("send-email")
                  .delay(1, DelayUnit.HOUR)
                  .payload(Map.of("userId", "usr_9", "template", "reminder"))
                  .build());
      chronos.cancel(cancelled.id());

      title("Waiting for the jobs to settle...");
      if (!settled.await(60, TimeUnit.SECONDS)) {
        say("(some jobs had not settled after 60 s)");
      }

      title("Executions of the invoice charge");
      for (Execution e : chronos.executions(charged.id())) {
        say(
            "attempt %d  %-12s %-9s %s",
            e.attempt(),
            e.trigger().json(),
            e.status().json(),
            e.error() != null ? e.error() : e.result());
      }

      title("GET /v1/jobs?schedule_id=null");
      Page<Job> page = chronos.jobs(JobQuery.fromQueryParameters(Map.of("schedule_id", "null")));
      printTable(page.items());
      say("%d one-off job(s), page %d of %d", page.total(), page.page(), page.pages());

      // The walk-through doubles as a smoke test in CI: say so when an outcome is not the expected
      // one.
      Map<Job, JobStatus> expected =
          Map.of(
              upload,
              JobStatus.COMPLETED,
              followUp,
              JobStatus.COMPLETED,
              trial,
              JobStatus.COMPLETED,
              charged,
              JobStatus.COMPLETED,
              report,
              JobStatus.FAILED,
              cancelled,
              JobStatus.CANCELLED,
              webhook,
              JobStatus.COMPLETED);
      boolean ok = chronos.executions(charged.id()).size() == 3;
      for (Map.Entry<Job, JobStatus> e : expected.entrySet()) {
        JobStatus actual = chronos.job(e.getKey().id()).orElseThrow().status();
        if (actual != e.getValue()) {
          say(
              "unexpected: %s is %s, expected %s",
              e.getKey().name(), actual.json(), e.getValue().json());
          ok = false;
        }
      }
      if (!ok) {
        System.exit(1);
      }
      title("Done.");
    } finally {
      receiver.stop(0);
    }
  }

  /** Prints state changes as they happen. */
  private static final class Narrator implements JobListener {
    private final CountDownLatch settled;
    private final Set<JobStatus> terminal;

    Narrator(CountDownLatch settled, Set<JobStatus> terminal) {
      this.settled = settled;
      this.terminal = terminal;
    }

    @Override
    public void onStarted(Job job, Execution execution) {
      say("  ▶ %-26s attempt %d started", job.name(), execution.attempt());
    }

    @Override
    public void onCompleted(Job job, Execution execution) {
      say("  ✔ %-26s completed → %s", job.name(), job.result());
      done(job);
    }

    @Override
    public void onRetrying(Job job, Execution execution) {
      say(
          "  ↻ %-26s attempt %d %s (%s); retry in %d ms",
          job.name(),
          execution.attempt(),
          execution.status().json(),
          execution.error(),
          Duration.between(Instant.now(), job.runAt()).toMillis());
    }

    @Override
    public void onFailed(Job job, Execution execution) {
      say("  ✖ %-26s %s: %s", job.name(), execution.status().json(), execution.error());
      done(job);
    }

    @Override
    public void onCancelled(Job job) {
      say("  ⊘ %-26s cancelled", job.name());
      done(job);
    }

    private void done(Job job) {
      if (terminal.contains(job.status())) {
        settled.countDown();
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void printTable(List<Job> jobs) {
    String row = "%-26s %-16s %-10s %-8s %s";
    say(row, "name", "handler", "status", "attempts", "run_at");
    for (Job j : jobs) {
      say(row, j.name(), j.handler(), j.status().json(), j.attempts(), j.runAt());
    }
  }

  private static void title(String text) {
    System.out.println();
    say("── %s", text);
  }

  private static void say(String format, Object... args) {
    long ms = Duration.between(START, Instant.now()).toMillis();
    System.out.printf("[%5.1fs] %s%n", ms / 1000.0, String.format(format, args));
  }
}
