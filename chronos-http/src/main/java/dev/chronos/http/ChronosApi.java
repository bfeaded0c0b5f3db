package dev.chronos.http;

import dev.chronos.Chronos;
import dev.chronos.http.internal.AdminRoutes;
import dev.chronos.http.internal.ApiPipeline;
import dev.chronos.http.internal.ApiRequest;
import dev.chronos.http.internal.ApiResponse;
import dev.chronos.http.internal.ApiRoutes;
import dev.chronos.http.internal.AuditLog;
import dev.chronos.http.internal.AuditRoutes;
import dev.chronos.http.internal.BulkRoutes;
import dev.chronos.http.internal.JobRoutes;
import dev.chronos.http.internal.RateLimiter;
import dev.chronos.http.internal.ScheduleRoutes;
import dev.chronos.http.internal.SessionRoutes;
import dev.chronos.http.internal.Sessions;
import dev.chronos.http.internal.SystemRoutes;
import dev.chronos.http.internal.WorkerRoutes;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The Chronos HTTP API ({@code /v1/...} and {@code /health}) over one node: jobs, schedules, the
 * worker protocol, stats, the audit log and key management, with API keys, accounts, rate limits
 * and body limits; and the dashboard: its static files at {@code /} and {@code /ui/...}, and
 * sessions logged in with an API key ({@code /ui/session}, a cookie with a CSRF token). Serve it
 * with {@link ChronosJettyHandler} (embedded Jetty 12) or {@link ChronosServlet} (any Servlet 6
 * container); both answer with the same bytes.
 *
 * <pre>{@code
 * ChronosApi api = ChronosApi.builder()
 *     .chronos(chronos)                       // a started node
 *     .store(store)                           // the store it runs on
 *     .keys(new ApiKeys(new JdbcApiKeyStore(dataSource, "chronos_"), Clock.systemUTC()))
 *     .build();
 * server.setHandler(new ChronosJettyHandler(api));
 * }</pre>
 *
 * <p>Every request but {@code GET /health}, the dashboard's files and its login needs {@code
 * Authorization: Bearer chrns_...} or the dashboard's session cookie, and acts in its key's
 * account: another account's jobs and schedules are "not found". Thread-safe.
 */
public final class ChronosApi {
  /** The default largest request body: 256 KiB (a 64 KB payload with room for escaping). */
  public static final int DEFAULT_MAX_BODY_SIZE = 256 * 1024;

  /** The default rate limit: 100 requests per 10 seconds per key, as the hosted API. */
  public static final int DEFAULT_RATE_LIMIT = 100;

  /** The default number of claims that may long-poll at once: 64. */
  public static final int DEFAULT_MAX_WAITING_CLAIMS = 64;

  /** The default time a dashboard session lasts unused: 8 hours (a working day). */
  public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofHours(8);

  private final ApiPipeline pipeline;
  private final WorkerRoutes worker;

  private ChronosApi(Builder b) {
    Chronos chronos = Objects.requireNonNull(b.chronos, "chronos");
    JobStore store = Objects.requireNonNull(b.store, "store");
    ApiKeys keys = Objects.requireNonNull(b.keys, "keys");
    WorkerClaims claims = b.claims == null ? new InMemoryWorkerClaims() : b.claims;
    this.worker = new WorkerRoutes(chronos, store, claims, b.clock, b.maxWaitingClaims);
    Sessions sessions = new Sessions(keys, b.clock, b.sessionIdleTimeout);
    AuditLog audit = new AuditLog(keys.store(), b.clock);
    this.pipeline =
        new ApiPipeline(
            ApiRoutes.table(
                new ApiRoutes.Groups(
                    new JobRoutes(chronos, store),
                    new ScheduleRoutes(chronos),
                    worker,
                    new AdminRoutes(keys),
                    new SystemRoutes(chronos, store, b.clock, b.running, b.activity),
                    new BulkRoutes(chronos),
                    new SessionRoutes(keys, sessions, audit),
                    new AuditRoutes(keys.store()))),
            keys,
            sessions,
            audit,
            new RateLimiter(b.clock),
            b.rateLimit,
            b.maxBodySize,
            b.corsOrigins);
  }

  /**
   * Starts configuring an API.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Ends the worker long-polls waiting now (each answers with what it claimed, usually an empty
   * list) and makes later claims return without waiting. Call it first when shutting down, so that
   * draining in-flight requests does not wait up to 20 s for long-polls. Other requests are still
   * answered. Idempotent.
   */
  public void endClaims() {
    worker.close();
  }

  /** Answers one request; the adapters call this. */
  ApiResponse handle(ApiRequest request) {
    return pipeline.handle(request);
  }

  /** Settings of a {@link ChronosApi}, each with a default but the node, store and keys. */
  public static final class Builder {
    private Chronos chronos;
    private JobStore store;
    private ApiKeys keys;
    private WorkerClaims claims;
    private Clock clock = Clock.systemUTC();
    private int maxBodySize = DEFAULT_MAX_BODY_SIZE;
    private int rateLimit = DEFAULT_RATE_LIMIT;
    private int maxWaitingClaims = DEFAULT_MAX_WAITING_CLAIMS;
    private Set<String> corsOrigins = Set.of();
    private BooleanSupplier running = () -> true;
    private Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
    private RecentActivity activity;

    private Builder() {}

    /**
     * The node the API serves (required).
     *
     * @param chronos a node, started so that long-polls are woken
     * @return this builder
     */
    public Builder chronos(Chronos chronos) {
      this.chronos = chronos;
      return this;
    }

    /**
     * The store the node runs on (required): a claim that took another account's job gives it back
     * there, and a worker's non-retryable failure is recorded there.
     *
     * @param store the node's store
     * @return this builder
     */
    public Builder store(JobStore store) {
      this.store = store;
      return this;
    }

    /**
     * The API keys (required).
     *
     * @param keys the keys
     * @return this builder
     */
    public Builder keys(ApiKeys keys) {
      this.keys = keys;
      return this;
    }

    /**
     * Where claims over HTTP are remembered (default: in memory, so a worker must report to the
     * server it claimed from; use {@link JdbcWorkerClaims} behind a load balancer).
     *
     * @param claims the registry
     * @return this builder
     */
    public Builder claims(WorkerClaims claims) {
      this.claims = claims;
      return this;
    }

    /**
     * The clock (default the system's UTC clock): rate limits and store calls read it. Use the
     * node's clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The largest request body in bytes (default {@value #DEFAULT_MAX_BODY_SIZE}); a larger one is
     * a 413.
     *
     * @param bytes 1 KiB to 16 MiB
     * @return this builder
     */
    public Builder maxBodySize(int bytes) {
      if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("maxBodySize must be 1 KiB to 16 MiB, was " + bytes);
      }
      this.maxBodySize = bytes;
      return this;
    }

    /**
     * Requests per 10 seconds per key (default {@value #DEFAULT_RATE_LIMIT}) for keys without a
     * limit of their own; above it a 429 with {@code Retry-After}.
     *
     * @param requestsPer10Seconds 1 or more
     * @return this builder
     */
    public Builder rateLimit(int requestsPer10Seconds) {
      if (requestsPer10Seconds < 1) {
        throw new IllegalArgumentException("rateLimit must be 1 or more");
      }
      this.rateLimit = requestsPer10Seconds;
      return this;
    }

    /**
     * How many claims may long-poll at once (default {@value #DEFAULT_MAX_WAITING_CLAIMS}); each
     * holds a request thread, so keep it below the server's thread pool. Claims beyond it look once
     * and return at once.
     *
     * @param claims 0 or more
     * @return this builder
     */
    public Builder maxWaitingClaims(int claims) {
      if (claims < 0) {
        throw new IllegalArgumentException("maxWaitingClaims must be 0 or more");
      }
      this.maxWaitingClaims = claims;
      return this;
    }

    /**
     * Origins allowed to call the API from a browser (default none: no CORS headers at all).
     *
     * @param origins exact origins such as {@code https://ops.example.com}
     * @return this builder
     */
    public Builder corsOrigins(String... origins) {
      this.corsOrigins = Set.copyOf(Arrays.asList(origins));
      return this;
    }

    /**
     * What {@code GET /health} reports as the node's state (default: always running).
     *
     * @param running true while the node runs
     * @return this builder
     */
    public Builder running(BooleanSupplier running) {
      this.running = Objects.requireNonNull(running, "running");
      return this;
    }

    /**
     * How long a dashboard session lasts unused (default 8 hours); each request with it starts the
     * time again.
     *
     * @param idle 1 minute to 30 days
     * @return this builder
     */
    public Builder sessionIdleTimeout(Duration idle) {
      if (idle.compareTo(Duration.ofMinutes(1)) < 0 || idle.compareTo(Duration.ofDays(30)) > 0) {
        throw new IllegalArgumentException("sessionIdleTimeout must be 1 minute to 30 days");
      }
      this.sessionIdleTimeout = idle;
      return this;
    }

    /**
     * The node's recent activity, registered as a listener of the node (default none): {@code GET
     * /v1/stats} then has {@code throughput} (attempts per minute over the last hour) and {@code
     * lateness} (start delay percentiles) of this node.
     *
     * @param activity the listener the node was built with
     * @return this builder
     */
    public Builder activity(RecentActivity activity) {
      this.activity = Objects.requireNonNull(activity, "activity");
      return this;
    }

    /**
     * Builds the API.
     *
     * @return the API
     * @throws NullPointerException if the node, store or keys are missing
     */
    public ChronosApi build() {
      return new ChronosApi(this);
    }
  }
}
