package dev.chronos.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.ClaimedJob;
import dev.chronos.JobHandler;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker that runs jobs claimed over the HTTP API, shaped like the hosted API's Node SDK: {@link
 * #handle} registers handlers, {@link #start()} starts long-polling, {@link #stop()} aborts the
 * pending long-poll at once and waits for the handlers in flight to finish and report. No database
 * credentials: only an API key.
 *
 * <pre>{@code
 * RemoteWorker worker = client.worker()
 *     .handle("send-email", ctx -> mailer.send(ctx.payload(FollowUp.class)))
 *     .start();
 * Runtime.getRuntime().addShutdownHook(new Thread(worker::stop));
 * }</pre>
 *
 * <p>Threads: {@link #concurrency} loops ({@code chronos-remote-worker-N}), each claiming one job
 * at a time, running it on its own thread and reporting it: a handler's return value completes the
 * job (as its JSON result), an exception fails the attempt (retried by the server while retries
 * remain). A server that cannot be reached is tried again after {@link #retryDelay}; a report that
 * cannot be delivered is tried three times, after which the lease ends on the server and the job is
 * retried there. Handlers should be idempotent: a job may run more than once. Thread-safe.
 */
public final class RemoteWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.client");

  private final ChronosClient client;
  private final Map<String, JobHandler> handlers = new LinkedHashMap<>();
  private final Map<Thread, CompletableFuture<?>> pending = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private int concurrency = 1;
  private Duration pollWait = Duration.ofSeconds(20);
  private Duration retryDelay = Duration.ofSeconds(1);
  private volatile boolean running;
  private boolean started;

  RemoteWorker(ChronosClient client) {
    this.client = client;
  }

  /**
   * Registers a handler.
   *
   * @param name the handler name (trimmed, 1–255 characters)
   * @param handler what runs the job; its return value is the job's result
   * @return this worker
   * @throws IllegalArgumentException if the name is blank, too long or already registered
   * @throws IllegalStateException if the worker was started
   */
  public synchronized RemoteWorker handle(String name, JobHandler handler) {
    if (started) {
      throw new IllegalStateException("Register handlers before starting the worker");
    }
    String n = name == null ? "" : name.strip();
    if (n.isEmpty()) {
      throw new IllegalArgumentException("Handler name is required");
    }
    if (n.length() > 255) {
      throw new IllegalArgumentException("Handler name must be 255 characters or fewer");
    }
    if (handlers.containsKey(n)) {
      throw new IllegalArgumentException("Handler \"" + n + "\" is already registered");
    }
    handlers.put(n, Objects.requireNonNull(handler, "Handler \"" + n + "\" must be a function"));
    return this;
  }

  /**
   * How many jobs run at once (default 1, as the Node SDK): one long-poll loop each.
   *
   * @param loops 1 to 100
   * @return this worker
   */
  public synchronized RemoteWorker concurrency(int loops) {
    if (loops < 1 || loops > 100) {
      throw new IllegalArgumentException("concurrency must be 1 to 100, was " + loops);
    }
    this.concurrency = loops;
    return this;
  }

  /**
   * How long one claim waits on the server for a job (default 20 s, the most; 0 to poll).
   *
   * @param wait 0 to 20 s
   * @return this worker
   */
  public synchronized RemoteWorker pollWait(Duration wait) {
    if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(20)) > 0) {
      throw new IllegalArgumentException("pollWait must be 0 to 20 s, was " + wait);
    }
    this.pollWait = wait;
    return this;
  }

  /**
   * How long to wait after a failed claim before the next (default 1 s).
   *
   * @param delay 0 or more
   * @return this worker
   */
  public synchronized RemoteWorker retryDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("retryDelay must not be negative");
    }
    this.retryDelay = delay;
    return this;
  }

  /**
   * Starts claiming.
   *
   * @return this worker
   * @throws IllegalStateException if it was started before, or has no handler
   */
  public synchronized RemoteWorker start() {
    if (started) {
      throw new IllegalStateException("Chronos worker is already started");
    }
    if (handlers.isEmpty()) {
      throw new IllegalStateException("Register at least one handler before starting Chronos");
    }
    started = true;
    running = true;
    for (int i = 1; i <= concurrency; i++) {
      Thread t = new Thread(this::loop, "chronos-remote-worker-" + i);
      t.setDaemon(false);
      threads.add(t);
      t.start();
    }
    return this;
  }

  /**
   * Stops: aborts the pending long-polls at once (no new job is claimed), waits for the handlers in
   * flight to finish and report, then returns. Never throws; returns at once if not running. A
   * handler that never returns keeps this waiting; stop the process then, and its job is retried on
   * the server when its lease ends.
   */
  public void stop() {
    List<Thread> toJoin;
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
      toJoin = List.copyOf(threads);
    }
    stopped.countDown();
    pending.values().forEach(f -> f.cancel(true));
    for (Thread t : toJoin) {
      try {
        // As a managed blocker: called from a ForkJoin pool task (CompletableFuture.runAsync,
        // say), the pool adds a thread meanwhile, so the HTTP client's completions that run on
        // the common pool still run and the reports this waits for still arrive.
        ForkJoinPool.managedBlock(
            new ForkJoinPool.ManagedBlocker() {
              @Override
              public boolean block() throws InterruptedException {
                t.join();
                return true;
              }

              @Override
              public boolean isReleasable() {
                return !t.isAlive();
              }
            });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Whether the worker is claiming.
   *
   * @return true between {@link #start()} and {@link #stop()}
   */
  public boolean running() {
    return running;
  }

  private void loop() {
    ObjectNode claim = ChronosClient.JSON.createObjectNode();
    var names = claim.putArray("handlers");
    handlers.keySet().forEach(names::add);
    claim.put("max", 1);
    claim.put("wait_seconds", pollWait.toSeconds());
    Duration requestTimeout = pollWait.plusSeconds(30);
    Thread self = Thread.currentThread();
    while (running) {
      JsonNode claimed;
      try {
        CompletableFuture<HttpResponse<byte[]>> f =
            client.send("POST", "v1/worker/jobs/claim", claim, requestTimeout);
        pending.put(self, f);
        if (!running) {
          f.cancel(true);
        }
        claimed = ChronosClient.answer(f.get()).get("data");
      } catch (CancellationException e) {
        break;
      } catch (InterruptedException e) {
        break;
      } catch (ExecutionException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (cause instanceof CancellationException && !running) {
          break; // stop() aborted the long-poll (JDK 25 reports it wrapped)
        }
        log.warn(
            "Claiming failed, trying again in {} ms: {}", retryDelay.toMillis(), cause.toString());
        pause();
        continue;
      } finally {
        pending.remove(self);
      }
      for (JsonNode job : claimed) {
        run(job);
      }
    }
  }

  private void run(JsonNode c) {
    ClaimedJob job =
        new ClaimedJob(
            UUID.fromString(c.get("job_id").asText()),
            UUID.fromString(c.get("execution_id").asText()),
            c.get("attempt").asInt(),
            c.path("name").asText(""),
            c.get("handler").asText(),
            c.get("payload") == null || c.get("payload").isNull() ? null : c.get("payload"),
            Instant.parse(c.get("scheduled_for").asText()),
            Instant.parse(c.get("deadline").asText()));
    JobHandler handler = handlers.get(job.handler());
    ObjectNode report = ChronosClient.JSON.createObjectNode();
    String outcome;
    try {
      Object result = handler.handle(job);
      report.set("result", ChronosClient.JSON.valueToTree(result));
      outcome = "complete";
    } catch (Exception e) {
      report.put("error", e.toString());
      report.put("retryable", true);
      outcome = "fail";
    }
    String path = "v1/worker/executions/" + job.executionId() + "/" + outcome;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        client.call("POST", path, report);
        return;
      } catch (ChronosApiException e) {
        log.warn("The report on execution {} was refused: {}", job.executionId(), e.getMessage());
        return; // lease_expired and the like: sending it again changes nothing
      } catch (RuntimeException e) {
        log.warn(
            "Reporting execution {} failed (try {} of 3): {}",
            job.executionId(),
            attempt,
            e.toString());
        if (attempt < 3) {
          sleepQuietly(retryDelay);
        }
      }
    }
  }

  private void pause() {
    try {
      stopped.await(retryDelay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(Duration d) {
    try {
      TimeUnit.MILLISECONDS.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
