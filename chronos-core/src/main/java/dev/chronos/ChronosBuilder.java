package dev.chronos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.internal.ChronosEngine;
import dev.chronos.internal.EngineSettings;
import dev.chronos.internal.HandlerNames;
import dev.chronos.internal.HostResolver;
import dev.chronos.internal.Json;
import dev.chronos.internal.MaintenanceSettings;
import dev.chronos.internal.NodeIds;
import dev.chronos.internal.PushSettings;
import dev.chronos.push.PushAddressPolicy;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configures a {@link Chronos} node. Every setting but the store has a default; each method checks
 * its argument at once and throws {@link IllegalArgumentException} for a bad value. Not
 * thread-safe.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link #store}</td><td>required</td></tr>
 *   <tr><td>{@link #handler}</td><td>none: the node runs no pull jobs itself</td></tr>
 *   <tr><td>{@link #clock}</td><td>{@link Clock#systemUTC()}</td></tr>
 *   <tr><td>{@link #workerThreads}</td><td>{@value #DEFAULT_WORKER_THREADS}</td></tr>
 *   <tr><td>{@link #pollInterval}</td><td>1 s</td></tr>
 *   <tr><td>{@link #lookahead}</td><td>30 s</td></tr>
 *   <tr><td>{@link #maxQueueSize}</td><td>{@value #DEFAULT_MAX_QUEUE_SIZE}</td></tr>
 *   <tr><td>{@link #leaseGrace}</td><td>10 s</td></tr>
 *   <tr><td>{@link #shutdownTimeout}</td><td>10 s</td></tr>
 *   <tr><td>{@link #backoff}</td><td>{@link BackoffPolicy#exponential()}</td></tr>
 *   <tr><td>{@link #listener}</td><td>none</td></tr>
 *   <tr><td>{@link #nodeId}</td><td>host, process id and a random suffix</td></tr>
 *   <tr><td>{@link #pushConcurrency}</td><td>{@value #DEFAULT_PUSH_CONCURRENCY}: push delivery
 *       is on</td></tr>
 *   <tr><td>{@link #signingSecret} / {@link #signingSecrets}</td><td>none: push requests are
 *       sent unsigned</td></tr>
 *   <tr><td>{@link #standardWebhooks}</td><td>off</td></tr>
 *   <tr><td>{@link #allowHttp}</td><td>off: push URLs must be {@code https}</td></tr>
 *   <tr><td>{@link #allowPrivateNetworks}</td><td>off: push goes to public addresses only</td></tr>
 *   <tr><td>{@link #retention}</td><td>7 days (completed and cancelled jobs)</td></tr>
 *   <tr><td>{@link #failedRetention}</td><td>30 days</td></tr>
 *   <tr><td>{@link #nodeTimeout}</td><td>30 s, or 3 poll intervals if that is longer</td></tr>
 *   <tr><td>{@link #unservedWarning}</td><td>1 minute</td></tr>
 *   <tr><td>{@link #objectMapper}</td><td>a mapper like Chronos's own</td></tr>
 *   <tr><td>{@link #maxResultSize}</td><td>{@value #DEFAULT_MAX_RESULT_SIZE} bytes (64 KB)</td></tr>
 *   <tr><td>{@link #maxAbandonedThreads}</td><td>equal to {@link #workerThreads}</td></tr>
 * </table>
 *
 * <p>Push delivery is on for every node by default, since it needs no handler: a node sends the
 * push jobs that fall due while it runs, whichever node accepted them. Turn it off on nodes that
 * must not make outgoing requests with {@code pushConcurrency(0)}; another node then sends them.
 */
public final class ChronosBuilder {
  /** Default number of handlers that run at once: 16. */
  public static final int DEFAULT_WORKER_THREADS = 16;

  /** Default bound of the in-memory queue of due jobs: 10,000. */
  public static final int DEFAULT_MAX_QUEUE_SIZE = 10_000;

  /** Default number of push requests in flight at once: 64. */
  public static final int DEFAULT_PUSH_CONCURRENCY = 64;

  /** Default time completed and cancelled jobs are kept after they finished: 7 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** Default time failed jobs are kept after they failed: 30 days. */
  public static final Duration DEFAULT_FAILED_RETENTION = Duration.ofDays(30);

  /** Default time a heartbeat keeps a node live in the node registry: 30 s. */
  public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(30);

  /** Default wait of jobs for a handler nobody serves before a WARN: 1 minute. */
  public static final Duration DEFAULT_UNSERVED_WARNING = Duration.ofMinutes(1);

  /** The default {@link #maxResultSize}: 64 KB, as for payloads. */
  public static final int DEFAULT_MAX_RESULT_SIZE = 64 * 1024;

  private JobStore store;
  private final Map<String, JobHandler> handlers = new LinkedHashMap<>();
  private final List<JobListener> listeners = new ArrayList<>();
  private Clock clock = Clock.systemUTC();
  private int workerThreads = DEFAULT_WORKER_THREADS;
  private Duration pollInterval = Duration.ofSeconds(1);
  private Duration lookahead = Duration.ofSeconds(30);
  private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
  private Duration leaseGrace = Duration.ofSeconds(10);
  private Duration shutdownTimeout = Duration.ofSeconds(10);
  private BackoffPolicy backoff = BackoffPolicy.exponential();
  private String nodeId;
  private int pushConcurrency = DEFAULT_PUSH_CONCURRENCY;
  private List<String> signingSecrets = List.of();
  private boolean standardWebhooks;
  private PushAddressPolicy pushPolicy = PushAddressPolicy.secure();
  private HostResolver hostResolver = HostResolver.SYSTEM;
  private boolean inlineHandlers;
  private Duration retention = DEFAULT_RETENTION;
  private Duration failedRetention = DEFAULT_FAILED_RETENTION;
  private Duration nodeTimeout;
  private Duration unservedWarning = DEFAULT_UNSERVED_WARNING;
  private ObjectMapper payloadMapper;
  private int maxResultSize = DEFAULT_MAX_RESULT_SIZE;
  private Integer maxAbandonedThreads;

  ChronosBuilder() {}

  /**
   * Sets where jobs are kept (required). The node closes the store when it is closed.
   *
   * @param store the store, for example {@code new InMemoryJobStore()}
   * @return this builder
   */
  public ChronosBuilder store(JobStore store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Registers the in-process handler for pull jobs with this handler name. Jobs of handlers not
   * registered here stay pending for other nodes and pull workers ({@link Chronos#pull()}).
   *
   * @param name the handler name: 1–255 characters, no surrounding whitespace
   * @param handler the code that runs the jobs
   * @return this builder
   * @throws IllegalArgumentException if the name is invalid or already registered
   */
  public ChronosBuilder handler(String name, JobHandler handler) {
    String problem = HandlerNames.problem(name);
    if (problem != null) {
      throw new IllegalArgumentException("Handler name " + problem + ": '" + name + "'");
    }
    Objects.requireNonNull(handler, "handler");
    if (handlers.putIfAbsent(name, handler) != null) {
      throw new IllegalArgumentException("Handler '" + name + "' is already registered");
    }
    return this;
  }

  /**
   * Sets the clock all times are read from (default {@link Clock#systemUTC()}).
   *
   * @param clock the clock
   * @return this builder
   */
  public ChronosBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Sets how many handlers run at once on this node (default {@value #DEFAULT_WORKER_THREADS}).
   *
   * @param workerThreads 1 to 10,000
   * @return this builder
   */
  public ChronosBuilder workerThreads(int workerThreads) {
    if (workerThreads < 1 || workerThreads > 10_000) {
      throw new IllegalArgumentException("workerThreads must be 1 to 10000, was " + workerThreads);
    }
    this.workerThreads = workerThreads;
    return this;
  }

  /**
   * Sets how often the store is read for jobs submitted elsewhere and for expired leases (default 1
   * s). Jobs submitted on this node do not wait for it.
   *
   * @param pollInterval 10 ms to 1 hour
   * @return this builder
   */
  public ChronosBuilder pollInterval(Duration pollInterval) {
    this.pollInterval =
        between("pollInterval", pollInterval, Duration.ofMillis(10), Duration.ofHours(1));
    return this;
  }

  /**
   * Sets how far ahead due jobs are loaded into memory (default 30 s). Memory grows with the jobs
   * due inside this window, not with the jobs stored.
   *
   * @param lookahead 0 to 1 day
   * @return this builder
   */
  public ChronosBuilder lookahead(Duration lookahead) {
    this.lookahead = between("lookahead", lookahead, Duration.ZERO, Duration.ofDays(1));
    return this;
  }

  /**
   * Bounds the number of due jobs held in memory (default {@value #DEFAULT_MAX_QUEUE_SIZE}), for
   * each of the node's queues: in-process handlers, push delivery, and waiting pull workers.
   *
   * @param maxQueueSize 1 or more
   * @return this builder
   */
  public ChronosBuilder maxQueueSize(int maxQueueSize) {
    if (maxQueueSize < 1) {
      throw new IllegalArgumentException("maxQueueSize must be 1 or more, was " + maxQueueSize);
    }
    this.maxQueueSize = maxQueueSize;
    return this;
  }

  /**
   * Sets how long a claim's lease outlives the job's timeout (default 10 s). If this node dies, its
   * running jobs are retried elsewhere once {@code timeout + leaseGrace} has passed.
   *
   * @param leaseGrace 0 to 1 hour
   * @return this builder
   */
  public ChronosBuilder leaseGrace(Duration leaseGrace) {
    this.leaseGrace = between("leaseGrace", leaseGrace, Duration.ZERO, Duration.ofHours(1));
    return this;
  }

  /**
   * Sets how long {@link Chronos#close()} waits for running handlers before interrupting them
   * (default 10 s).
   *
   * @param shutdownTimeout 0 to 1 hour
   * @return this builder
   */
  public ChronosBuilder shutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout =
        between("shutdownTimeout", shutdownTimeout, Duration.ZERO, Duration.ofHours(1));
    return this;
  }

  /**
   * Sets the wait before retrying a failed attempt (default {@link BackoffPolicy#exponential()}).
   *
   * @param backoff the policy
   * @return this builder
   */
  public ChronosBuilder backoff(BackoffPolicy backoff) {
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    return this;
  }

  /**
   * Adds a listener for job state changes on this node.
   *
   * @param listener the listener
   * @return this builder
   */
  public ChronosBuilder listener(JobListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Sets this node's id, recorded on executions (default: host, process id, random suffix).
   *
   * @param nodeId 1–255 characters
   * @return this builder
   */
  public ChronosBuilder nodeId(String nodeId) {
    if (nodeId == null || nodeId.isBlank() || nodeId.length() > 255) {
      throw new IllegalArgumentException("nodeId must be 1 to 255 characters");
    }
    this.nodeId = nodeId;
    return this;
  }

  /**
   * Sets how many push requests may be in flight at once on this node (default {@value
   * #DEFAULT_PUSH_CONCURRENCY}). Requests are asynchronous: they hold no thread while they wait,
   * and never hold up in-process handlers, which have their own {@link #workerThreads} limit. 0
   * turns push delivery off on this node.
   *
   * @param pushConcurrency 0 to 10,000
   * @return this builder
   */
  public ChronosBuilder pushConcurrency(int pushConcurrency) {
    if (pushConcurrency < 0 || pushConcurrency > 10_000) {
      throw new IllegalArgumentException(
          "pushConcurrency must be 0 to 10000, was " + pushConcurrency);
    }
    this.pushConcurrency = pushConcurrency;
    return this;
  }

  /**
   * Sets the secret push requests are signed with (default: none, requests go unsigned). Each
   * request then carries {@code X-Chronos-Signature: sha256=<hex>}, the HMAC-SHA256 of {@code
   * "<execution id>.<timestamp>.<body>"} keyed with the secret's UTF-8 bytes; receivers check it
   * with {@link dev.chronos.push.SignatureVerifier}. Use a long random value (32 bytes or more) and
   * keep it out of source code. Every node that may send push jobs needs the same secret.
   *
   * @param signingSecret the secret, not blank
   * @return this builder
   */
  public ChronosBuilder signingSecret(String signingSecret) {
    return signingSecrets(signingSecret);
  }

  /**
   * Signs push requests with several secrets at once, to rotate a secret without refusing a single
   * delivery: every request carries one signature per secret, in this order ({@code
   * X-Chronos-Signature: sha256=<hex>,sha256=<hex>}, comma-separated; with {@link
   * #standardWebhooks} also {@code webhook-signature: v1,<base64> v1,<base64>}, space-separated as
   * Standard Webhooks specifies), and a receiver whose {@link dev.chronos.push.SignatureVerifier}
   * knows any one of them accepts it. To rotate: give every node {@code signingSecrets(old, new)},
   * move receivers to the new secret, then give the nodes {@code signingSecret(new)}. Replaces any
   * secrets set before.
   *
   * @param signingSecrets one or more secrets, none blank, no two the same
   * @return this builder
   * @throws IllegalArgumentException if none is given, one is blank or one repeats
   */
  public ChronosBuilder signingSecrets(String... signingSecrets) {
    Objects.requireNonNull(signingSecrets, "signingSecrets");
    if (signingSecrets.length == 0) {
      throw new IllegalArgumentException("signingSecrets needs at least one secret");
    }
    List<String> secrets = new ArrayList<>();
    for (String secret : signingSecrets) {
      Objects.requireNonNull(secret, "signingSecret");
      if (secret.isBlank()) {
        throw new IllegalArgumentException("signingSecret must not be blank");
      }
      if (secrets.contains(secret)) {
        throw new IllegalArgumentException("signingSecrets must not repeat a secret");
      }
      secrets.add(secret);
    }
    this.signingSecrets = List.copyOf(secrets);
    return this;
  }

  /**
   * Also sends the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> headers {@code
   * webhook-id} (the job id, the same across retries), {@code webhook-timestamp} and {@code
   * webhook-signature: v1,<base64>}, for receivers that already verify those (default off). Needs a
   * {@link #signingSecret}; give it in the Standard Webhooks form {@code whsec_<base64>} so that
   * their libraries accept it (the part after {@code whsec_} is then the key of the {@code v1}
   * signature; other secrets are used as UTF-8 bytes).
   *
   * @return this builder
   */
  public ChronosBuilder standardWebhooks() {
    this.standardWebhooks = true;
    return this;
  }

  /**
   * Lets push delivery use plain {@code http} URLs (default: {@code https} only). For development
   * and tests: a plain request can be read and changed on the way.
   *
   * @return this builder
   */
  public ChronosBuilder allowHttp() {
    this.pushPolicy = pushPolicy.allowingHttp();
    return this;
  }

  /**
   * Lets push delivery send to loopback, private, link-local and other internal addresses (default:
   * public addresses only; see {@link PushAddressPolicy}). For development and tests: with it, a
   * job's URL can reach any service this node can reach.
   *
   * @return this builder
   */
  public ChronosBuilder allowPrivateNetworks() {
    this.pushPolicy = pushPolicy.allowingPrivateNetworks();
    return this;
  }

  /**
   * Sets how long completed and cancelled jobs are kept after they finished (default 7 days). Older
   * ones are deleted with their executions, in batches, by one node at a time (the store's {@code
   * purge} lease), checked about once a minute. Deleting a job frees its idempotency key: a later
   * submit with that key creates a new job. Jobs of schedules are deleted the same way. Pending,
   * retrying and running jobs are never deleted. See also {@link Chronos#purge}.
   *
   * @param retention 1 minute to 100 years
   * @return this builder
   */
  public ChronosBuilder retention(Duration retention) {
    this.retention =
        between("retention", retention, Duration.ofMinutes(1), Duration.ofDays(36_500));
    return this;
  }

  /**
   * Sets the largest result stored for an attempt, in bytes of its JSON (default {@value
   * #DEFAULT_MAX_RESULT_SIZE}, 64 KB, as for payloads). It applies to what in-process handlers
   * return and to what pull workers {@linkplain PullWorker#complete complete} with. A larger result
   * does not fail the attempt (its work is done): the job completes with the result {@code
   * {"truncated": true, "size": <bytes>, "max_result_size": <limit>}} instead, and a WARN is
   * logged.
   *
   * @param bytes 256 to 16 MB (16,777,216)
   * @return this builder
   */
  public ChronosBuilder maxResultSize(int bytes) {
    if (bytes < 256 || bytes > 16 * 1024 * 1024) {
      throw new IllegalArgumentException("maxResultSize must be 256 to 16777216, was " + bytes);
    }
    this.maxResultSize = bytes;
    return this;
  }

  /**
   * Sets how long failed jobs are kept after they failed (default 30 days), longer than {@link
   * #retention} by default so that failures can still be looked into; purged as completed jobs are.
   *
   * @param failedRetention 1 minute to 100 years
   * @return this builder
   */
  public ChronosBuilder failedRetention(Duration failedRetention) {
    this.failedRetention =
        between("failedRetention", failedRetention, Duration.ofMinutes(1), Duration.ofDays(36_500));
    return this;
  }

  /**
   * Sets how long a heartbeat keeps this node live in the store's node registry (default 30 s, or 3
   * {@link #pollInterval poll intervals} if that is longer). The node heartbeats every third of it.
   * A node id stays taken for this long after its node died without closing, so a node restarted
   * with the same fixed id at once is refused until then ({@link NodeIdInUseException}). Node
   * clocks should agree to well within it.
   *
   * @param nodeTimeout 3 s to 1 hour, and at least 3 poll intervals
   * @return this builder
   */
  public ChronosBuilder nodeTimeout(Duration nodeTimeout) {
    this.nodeTimeout =
        between("nodeTimeout", nodeTimeout, Duration.ofSeconds(3), Duration.ofHours(1));
    return this;
  }

  /**
   * Sets how long pull jobs may wait for a handler that no live node registers and no pull worker
   * asked for in the last 5 minutes before the node logs a WARN about it (default 1 minute); each
   * node warns once per handler name.
   *
   * @param unservedWarning 1 second to 1 day
   * @return this builder
   */
  public ChronosBuilder unservedWarning(Duration unservedWarning) {
    this.unservedWarning =
        between("unservedWarning", unservedWarning, Duration.ofSeconds(1), Duration.ofDays(1));
    return this;
  }

  /**
   * Sets the Jackson mapper the node converts payloads and results with (default: a mapper like
   * Chronos's own, with {@code java.time} support and unknown properties ignored): {@link
   * JobContext#payload(Class)} in handlers, and a handler's or {@link PullWorker#complete pull
   * worker's} result turned into JSON. Bring your modules (Kotlin, Java records settings, custom
   * serializers) and naming strategy this way. The node uses a copy made here, so later changes to
   * the given mapper do not reach it.
   *
   * <p>Request payloads are converted when a request is built, before any node is involved: give
   * {@code JobRequest.Builder.payload} a tree made with the same mapper ({@code
   * mapper.valueToTree(value)}) for types the default mapper cannot write. The API's JSON bodies
   * are always read by Chronos's own strict parser (duplicate keys and trailing text refused).
   *
   * @param objectMapper the mapper
   * @return this builder
   */
  public ChronosBuilder objectMapper(ObjectMapper objectMapper) {
    this.payloadMapper = Objects.requireNonNull(objectMapper, "objectMapper").copy();
    return this;
  }

  /**
   * Sets how many abandoned worker threads the node tolerates (default: equal to {@link
   * #workerThreads}). A thread is abandoned when its handler ran past its timeout and ignored the
   * interrupt. Up to this many, an abandoned thread gives its slot back at once and the node runs
   * on. Beyond it, a timed-out handler keeps its slot until its thread ends, and the node claims no
   * new jobs for its handlers (logging an ERROR with the stack of a stuck thread) until enough of
   * them have ended, when it resumes by itself. The node's worker threads busy in handlers are thus
   * at most {@code workerThreads + maxAbandonedThreads} (idle pool threads end after 60 s).
   *
   * @param threads 0 to 10,000; 0 stops claiming while any thread is abandoned
   * @return this builder
   */
  public ChronosBuilder maxAbandonedThreads(int threads) {
    if (threads < 0 || threads > 10_000) {
      throw new IllegalArgumentException("maxAbandonedThreads must be 0 to 10000, was " + threads);
    }
    this.maxAbandonedThreads = threads;
    return this;
  }

  /** Tests: resolve push hosts with this instead of DNS. */
  ChronosBuilder hostResolver(HostResolver resolver) {
    this.hostResolver = Objects.requireNonNull(resolver, "resolver");
    return this;
  }

  /** Tests: run handlers on the thread that calls the engine's step. */
  ChronosBuilder inlineHandlers() {
    this.inlineHandlers = true;
    return this;
  }

  /**
   * Builds the node; call {@link Chronos#start()} to run jobs.
   *
   * @return the node
   * @throws IllegalStateException if no store was set, {@link #standardWebhooks} was asked for
   *     without a usable {@link #signingSecret}, or {@link #nodeTimeout} is shorter than 3 {@link
   *     #pollInterval poll intervals}
   */
  public Chronos build() {
    return buildEngine();
  }

  ChronosEngine buildEngine() {
    if (store == null) {
      throw new IllegalStateException("A store is required: call store(...) before build()");
    }
    if (standardWebhooks) {
      if (signingSecrets.isEmpty()) {
        throw new IllegalStateException("standardWebhooks() needs a signingSecret(...)");
      }
    }
    for (String signingSecret : standardWebhooks ? signingSecrets : List.<String>of()) {
      if (signingSecret.startsWith("whsec_")) {
        try {
          if (Base64.getDecoder().decode(signingSecret.substring(6)).length == 0) {
            throw new IllegalArgumentException("empty key");
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(
              "A whsec_ signing secret must be followed by a non-empty base64 key", e);
        }
      }
    }
    Duration threePolls = pollInterval.multipliedBy(3);
    Duration timeout = nodeTimeout;
    if (timeout == null) {
      timeout = DEFAULT_NODE_TIMEOUT.compareTo(threePolls) >= 0 ? DEFAULT_NODE_TIMEOUT : threePolls;
    } else if (timeout.compareTo(threePolls) < 0) {
      throw new IllegalStateException(
          "nodeTimeout ("
              + timeout
              + ") must be at least 3 poll intervals ("
              + threePolls
              + "): a node heartbeats once per poll at most");
    }
    return new ChronosEngine(
        new EngineSettings(
            store,
            Map.copyOf(handlers),
            List.copyOf(listeners),
            clock,
            workerThreads,
            pollInterval,
            lookahead,
            maxQueueSize,
            leaseGrace,
            shutdownTimeout,
            backoff,
            nodeId == null ? NodeIds.generate() : nodeId,
            new PushSettings(
                pushConcurrency, pushPolicy, signingSecrets, standardWebhooks, hostResolver),
            inlineHandlers,
            new MaintenanceSettings(retention, failedRetention, timeout, unservedWarning),
            payloadMapper == null ? Json.defaultMapper() : payloadMapper,
            maxResultSize,
            maxAbandonedThreads == null ? workerThreads : maxAbandonedThreads));
  }

  private static Duration between(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }
}
