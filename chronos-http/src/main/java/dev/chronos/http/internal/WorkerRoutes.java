package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Chronos;
import dev.chronos.ClaimedJob;
import dev.chronos.Job;
import dev.chronos.PullWorker;
import dev.chronos.http.ApiKey;
import dev.chronos.http.WorkerClaim;
import dev.chronos.http.WorkerClaims;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker protocol: {@code POST /v1/worker/jobs/claim} (a long-poll on the node's {@link
 * PullWorker}, woken when a matching job falls due, not polling), then {@code complete}, {@code
 * fail} or {@code extend} on {@code /v1/worker/executions/{execution_id}}, fenced by the execution
 * id in the store: after the lease ended they are a 409 {@code lease_expired} and change nothing.
 *
 * <p>Accounts: a claim takes and waits for due jobs of the key's account only ({@link
 * PullWorker#claim(String, Set, int, Duration)}, filtered in the store's claim), so workers of two
 * accounts may run the same handler name without seeing each other's jobs. Claims are remembered in
 * {@link WorkerClaims} (the job, its account and attempt) since reports name only the execution,
 * and a report on another account's execution is a 404.
 *
 * <p>Threads: a long-poll holds its request thread; at most {@code maxWaitingClaims} wait at once,
 * further claims look once and return at once, so long-polls cannot take every thread.
 */
public final class WorkerRoutes {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.http");
  private static final Duration CLAIM_MEMORY = Duration.ofHours(1);

  private final Chronos chronos;
  private final JobStore store;
  private final WorkerClaims claims;
  private final Clock clock;
  private final Semaphore waiting;
  private final Map<UUID, PullWorker> workers = new ConcurrentHashMap<>();
  private final AtomicLong lastPrune = new AtomicLong();
  private final Set<Thread> waitingThreads = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  /** The worker routes over a node, its store and the claims registry. */
  public WorkerRoutes(
      Chronos chronos, JobStore store, WorkerClaims claims, Clock clock, int maxWaitingClaims) {
    this.chronos = chronos;
    this.store = store;
    this.claims = claims;
    this.clock = clock;
    this.waiting = new Semaphore(maxWaitingClaims);
  }

  private PullWorker worker(ApiKey key) {
    return workers.computeIfAbsent(key.id(), id -> chronos.pull("http:" + id));
  }

  /** {@code POST /v1/worker/jobs/claim}: {@code {handlers, max, wait_seconds}}. */
  public ApiResponse claim(Call call) {
    call.noQuery();
    BodyFields f = new BodyFields(call.json(), Set.of("handlers", "max", "wait_seconds"));
    Set<String> handlers = f.names("handlers", 100);
    int max = f.integer("max", 1, 1, PullWorker.MAX_CLAIM);
    int waitSeconds = f.integer("wait_seconds", 20, 0, (int) PullWorker.MAX_WAIT.toSeconds());
    f.done();
    pruneNowAndThen();
    PullWorker worker = worker(call.key());
    boolean mayWait = waitSeconds > 0 && !closing && waiting.tryAcquire();
    List<ClaimedJob> mine = new ArrayList<>();
    Thread self = Thread.currentThread();
    waitingThreads.add(self);
    try {
      if (closing) {
        return answer(call, mine);
      }
      Duration wait = mayWait ? Duration.ofSeconds(waitSeconds) : Duration.ZERO;
      try {
        for (ClaimedJob job : worker.claim(call.account(), handlers, max, wait)) {
          if (job.account().equals(call.account())) {
            mine.add(job);
          } else {
            // A store that ignores JobSelector.account (written against an older SPI): never
            // show another account's job; hand it back at once.
            log.error(
                "The store returned job {} of another account to an account-scoped claim; given"
                    + " back. Its JobStore must filter due reads and claims by"
                    + " JobSelector.account()",
                job.jobId());
            giveBack(job);
          }
        }
      } catch (IllegalArgumentException e) {
        throw ApiError.invalid("handlers", e.getMessage()); // a name the engine refuses
      }
    } finally {
      waitingThreads.remove(self);
      if (closing) {
        Thread.interrupted(); // ended by close(): the answer is still written
      }
      if (mayWait) {
        waiting.release();
      }
    }
    return answer(call, mine);
  }

  private ApiResponse answer(Call call, List<ClaimedJob> mine) {
    List<WorkerClaim> records = new ArrayList<>();
    for (ClaimedJob job : mine) {
      records.add(
          new WorkerClaim(
              job.executionId(), job.jobId(), call.account(), job.attempt(), job.deadline()));
    }
    try {
      claims.record(records);
    } catch (RuntimeException e) {
      mine.forEach(this::giveBack); // the worker could not report on them: hand them on now
      throw e;
    }
    ArrayNode data = ApiJson.arrayNode();
    mine.forEach(job -> data.add(json(job)));
    return ApiResponse.json(200, ApiJson.bytes(ApiJson.ok("Claimed " + mine.size(), data)));
  }

  /**
   * Ends every waiting claim now (each answers with what it has claimed, usually nothing) and lets
   * later claims look once without waiting: for a server shutting down, so that draining requests
   * does not wait for long-polls.
   */
  public void close() {
    closing = true;
    waitingThreads.forEach(Thread::interrupt);
  }

  private void giveBack(ClaimedJob job) {
    try {
      store.finish(
          ExecutionOutcome.released(
              job.executionId(), "given back: the claim could not be recorded", now()),
          now());
    } catch (RuntimeException e) {
      log.warn("A claim could not be given back; its lease will end: {}", e.toString());
    }
  }

  /** {@code POST /v1/worker/executions/{execution_id}/complete}: {@code {"result": ...}}. */
  public ApiResponse complete(Call call) {
    call.noQuery();
    BodyFields f = new BodyFields(call.jsonOrEmpty(), Set.of("result"));
    JsonNode result = f.raw("result");
    f.done();
    ClaimedJob claimed = claimed(call);
    Job job =
        worker(call.key()).complete(claimed, result == null || result.isNull() ? null : result);
    return JobRoutes.ok(200, "Execution completed", job);
  }

  /**
   * {@code POST /v1/worker/executions/{execution_id}/fail}: {@code {"error": "...", "retryable":
   * true}}; a failure that is not retryable fails the job for good.
   */
  public ApiResponse fail(Call call) {
    call.noQuery();
    BodyFields f = new BodyFields(call.jsonOrEmpty(), Set.of("error", "retryable"));
    String error = f.reportText("error", 65_536);
    boolean retryable = f.bool("retryable", true);
    f.done();
    ClaimedJob claimed = claimed(call);
    Job job = worker(call.key()).fail(claimed, error, retryable);
    return JobRoutes.ok(200, "Execution failed", job);
  }

  /** {@code POST /v1/worker/executions/{execution_id}/extend}: {@code {"seconds": N}}. */
  public ApiResponse extend(Call call) {
    call.noQuery();
    BodyFields f = new BodyFields(call.json(), Set.of("seconds"));
    int seconds = f.requiredInteger("seconds", 1, 7 * 24 * 3600);
    f.done();
    ClaimedJob extended = worker(call.key()).extend(claimed(call), Duration.ofSeconds(seconds));
    claims.extend(extended.executionId(), extended.deadline());
    ObjectNode data = ApiJson.objectNode();
    data.put("execution_id", extended.executionId().toString());
    data.put("deadline", DateTimeFormatter.ISO_INSTANT.format(extended.deadline()));
    return ApiResponse.json(200, ApiJson.bytes(ApiJson.ok("Lease extended", data)));
  }

  private ClaimedJob claimed(Call call) {
    UUID id = call.uuid("execution_id");
    WorkerClaim c =
        claims
            .find(id)
            .filter(claim -> claim.account().equals(call.account()))
            .orElseThrow(
                () -> new ApiError(404, "execution_not_found", "No such claimed execution"));
    // Reports use only the ids and the attempt (for the backoff); the rest is not needed.
    return new ClaimedJob(c.jobId(), id, c.attempt(), "", null, null, c.deadline(), c.deadline());
  }

  private static ObjectNode json(ClaimedJob job) {
    ObjectNode o = ApiJson.objectNode();
    o.put("job_id", job.jobId().toString());
    o.put("execution_id", job.executionId().toString());
    o.put("name", job.name());
    o.put("handler", job.handler());
    o.put("attempt", job.attempt());
    o.put("scheduled_for", DateTimeFormatter.ISO_INSTANT.format(job.scheduledFor()));
    o.put("deadline", DateTimeFormatter.ISO_INSTANT.format(job.deadline()));
    o.set("payload", job.payload());
    return o;
  }

  private void pruneNowAndThen() {
    long now = clock.millis();
    long last = lastPrune.get();
    if (now - last >= 60_000 && lastPrune.compareAndSet(last, now)) {
      try {
        claims.prune(now().minus(CLAIM_MEMORY));
      } catch (RuntimeException e) {
        log.debug("Old claims could not be pruned: {}", e.toString());
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
