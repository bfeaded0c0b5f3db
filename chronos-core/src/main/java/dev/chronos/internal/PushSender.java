package dev.chronos.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Delivery;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.push.PushAddressPolicy;
import dev.chronos.push.SignatureVerifier;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Security;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.slf4j.Logger;

/**
 * Sends push jobs with the JDK {@link HttpClient}, asynchronously: {@link #send} returns at once
 * (unless the node runs inline for tests) and the attempt's outcome arrives on a {@code
 * chronos-push-N} thread. How many requests are in flight is bounded by the push dispatcher's
 * permits, not here.
 *
 * <p>One request per attempt: the job's method, URL and headers; the JSON body {@code {job_id,
 * handler, execution_id, scheduled_for, attempt, payload}} (the same for every method); the headers
 * {@code Content-Type}, {@code User-Agent}, {@code X-Chronos-Delivery-Id} (the execution id),
 * {@code X-Chronos-Timestamp} (unix seconds), {@code X-Chronos-Signature} when a signing secret is
 * set, and the Standard Webhooks headers when enabled. The request times out after the job's
 * timeout; redirects are never followed; {@link PushOutcomes} turns the answer into the outcome.
 *
 * <p><b>Address checks at connect time.</b> Before each request the URL is checked again with the
 * node's {@link PushAddressPolicy} (a job may come from a node with other settings), then the host
 * is resolved here and every address it resolves to must be public; if one is not, the attempt
 * fails without retry and nothing is sent. The JDK client resolves the host again when it opens a
 * connection; that lookup is answered from the JVM's address cache, which the check has just filled
 * ({@code networkaddress.cache.ttl}, 30 s by default), so the client connects to an address that
 * was checked. Limits, which is why this is defence in depth and not a firewall: if the application
 * turns the positive cache off ({@code networkaddress.cache.ttl=0}) or the cached entry expires in
 * the instant between the two lookups, the client asks DNS again, and a name server that changes
 * its answer on purpose could win that race; a connection the client already has open to the host
 * is reused without a new lookup; and when the JVM is configured with an HTTP proxy, the proxy
 * connects and resolves by itself. Where that matters, also send egress through a proxy or firewall
 * that refuses internal ranges. (Pinning the checked address in the URL would close the race for
 * {@code http}, but for {@code https} it breaks virtual hosting, since the JDK client does not let
 * the {@code Host} header be set.)
 */
final class PushSender {
  private static final Logger log = Loggers.PUSH;
  static final String USER_AGENT = "chronos-java/1.0";

  private final PushAddressPolicy policy;
  private final HostResolver resolver;
  private final Clock clock;
  private final PushSigner signer;
  private final boolean standardWebhooks;
  private final boolean inline;
  private final ExecutorService executor;
  private final AtomicBoolean warnedUnsigned = new AtomicBoolean();
  private volatile HttpClient client;

  PushSender(EngineSettings settings) {
    this.policy = settings.push().policy();
    this.resolver = settings.push().resolver();
    this.clock = settings.clock();
    this.signer =
        settings.push().signed()
            ? new PushSigner(settings.push().signingSecrets(), settings.push().standardWebhooks())
            : null;
    this.standardWebhooks = settings.push().standardWebhooks();
    this.inline = settings.inlineHandlers();
    this.executor = DaemonThreads.cachedPool("chronos-push");
    if (!policy.allowsPrivateNetworks() && addressCacheDisabled()) {
      log.warn(
          "networkaddress.cache.ttl is 0: push delivery's address check cannot pin the address the"
              + " HTTP client connects to; see PushSender's notes or send through an egress proxy");
    }
  }

  private static boolean addressCacheDisabled() {
    String ttl = Security.getProperty("networkaddress.cache.ttl");
    if (ttl == null) {
      ttl = System.getProperty("sun.net.inetaddr.ttl");
    }
    return "0".equals(ttl == null ? null : ttl.trim());
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c =
              HttpClient.newBuilder()
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .executor(executor)
                  .build();
          client = c;
        }
      }
    }
    return c;
  }

  /**
   * One request in flight: its outcome, and a way to abandon it (timeout, shutdown). The outcome
   * never completes normally with null; it completes exceptionally only when cancelled.
   */
  static final class Call {
    final CompletableFuture<ExecutionOutcome> outcome = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile CompletableFuture<?> request;

    void cancel() {
      cancelled = true;
      CompletableFuture<?> r = request;
      if (r != null) {
        r.cancel(true);
      }
      outcome.completeExceptionally(new CancellationException("push request abandoned"));
    }

    private boolean attach(CompletableFuture<?> r) {
      request = r;
      if (cancelled) {
        r.cancel(true);
        return false;
      }
      return true;
    }
  }

  /**
   * Starts sending an attempt. Never throws; in inline mode the request is sent from the calling
   * thread (the answer still arrives on a client thread).
   *
   * @param attempt the claimed push job
   * @param backoff when the next attempt would run after this one fails, by attempt number
   * @return the call in flight
   */
  Call send(Attempt attempt, IntFunction<Instant> backoff) {
    Call call = new Call();
    Runnable start = () -> start(attempt, call, backoff);
    if (inline) {
      start.run();
    } else {
      try {
        executor.execute(start);
      } catch (RejectedExecutionException e) {
        call.outcome.complete(
            ExecutionOutcome.failed(
                attempt.execution().id(),
                "push delivery is shutting down",
                backoff.apply(attempt.execution().attempt())));
      }
    }
    return call;
  }

  private void start(Attempt attempt, Call call, IntFunction<Instant> backoff) {
    Job job = attempt.job();
    Execution ex = attempt.execution();
    UUID id = ex.id();
    try {
      Delivery.Push push = (Delivery.Push) job.delivery();
      Optional<String> refused = policy.checkUrl(push.url());
      URI uri = new URI(push.url());
      if (refused.isEmpty() && !policy.allowsPrivateNetworks()) {
        refused = checkResolved(uri.getHost());
      }
      if (refused.isPresent()) {
        call.outcome.complete(
            ExecutionOutcome.failed(id, "delivery.http.url " + refused.get(), null));
        return;
      }
      if (call.cancelled) {
        return;
      }
      byte[] body = body(attempt);
      HttpRequest request = request(attempt, push, uri, body);
      CompletableFuture<HttpResponse<BoundedBody.Captured>> sent =
          client().sendAsync(request, BoundedBody.handler(PushOutcomes.BODY_LIMIT));
      if (!call.attach(sent)) {
        return;
      }
      // On a chronos-push thread: recording the outcome calls the store, which must not hold up
      // the client's own threads.
      sent.whenCompleteAsync(
          (response, error) -> {
            Instant now = now();
            Instant next = backoff.apply(ex.attempt());
            call.outcome.complete(
                response != null
                    ? PushOutcomes.ofResponse(
                        id,
                        response.statusCode(),
                        response.headers().firstValue("Retry-After").orElse(null),
                        response.headers().firstValue("Location").orElse(null),
                        response.body(),
                        now,
                        next)
                    : PushOutcomes.ofError(id, unwrap(error), job.timeout(), next));
          },
          executor);
    } catch (UnknownHostException e) {
      call.outcome.complete(
          ExecutionOutcome.failed(
              id,
              "network error: could not resolve host " + e.getMessage(),
              backoff.apply(ex.attempt())));
    } catch (Throwable t) {
      // A request the client refuses (a header it does not allow, say) will not get better.
      call.outcome.complete(
          ExecutionOutcome.failed(
              id,
              StoredText.clean("push request not sent: " + Dispatcher.describe(t), 4000),
              null));
    }
  }

  /** Resolves a host name (literals need no DNS) and checks every address. */
  private Optional<String> checkResolved(String host) throws UnknownHostException {
    if (host.startsWith("[") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
      return Optional.empty(); // an address literal, already checked in full by checkUrl
    }
    List<InetAddress> addresses = resolver.resolve(host);
    return policy.checkAddresses(host, addresses);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** The JSON body: the exact bytes that are signed and sent. */
  static byte[] body(Attempt attempt) {
    Job job = attempt.job();
    Execution ex = attempt.execution();
    ObjectNode o = Json.object();
    o.put("job_id", job.id().toString());
    o.put("handler", job.handler());
    o.put("execution_id", ex.id().toString());
    o.put("scheduled_for", Json.time(job.scheduledFor()));
    o.put("attempt", ex.attempt());
    o.set("payload", job.payload());
    return Json.bytes(o);
  }

  private HttpRequest request(Attempt attempt, Delivery.Push push, URI uri, byte[] body) {
    Job job = attempt.job();
    String deliveryId = attempt.execution().id().toString();
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(job.timeout())
            .method(push.method(), HttpRequest.BodyPublishers.ofByteArray(body));
    if ("http".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
      b.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain-text endpoints
    }
    for (Map.Entry<String, String> header : push.headers().entrySet()) {
      b.header(header.getKey(), header.getValue());
    }
    b.header("Content-Type", "application/json");
    b.header("User-Agent", USER_AGENT);
    b.header(SignatureVerifier.DELIVERY_ID_HEADER, deliveryId);
    b.header(SignatureVerifier.TIMESTAMP_HEADER, timestamp);
    if (signer != null) {
      b.header(
          SignatureVerifier.SIGNATURE_HEADER, signer.chronosSignature(deliveryId, timestamp, body));
      if (standardWebhooks) {
        String webhookId = job.id().toString();
        b.header(SignatureVerifier.WEBHOOK_ID_HEADER, webhookId);
        b.header(SignatureVerifier.WEBHOOK_TIMESTAMP_HEADER, timestamp);
        b.header(
            SignatureVerifier.WEBHOOK_SIGNATURE_HEADER,
            signer.standardWebhooksSignature(webhookId, timestamp, body));
      }
    } else if (warnedUnsigned.compareAndSet(false, true)) {
      log.warn(
          "Push deliveries are sent unsigned: set ChronosBuilder.signingSecret so that endpoints"
              + " can verify them");
    }
    return b.build();
  }

  /** Stops the push threads; requests still in flight were abandoned by the dispatcher. */
  void close() {
    executor.shutdownNow();
  }
}
