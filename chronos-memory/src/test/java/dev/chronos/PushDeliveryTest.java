package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.LoopbackEndpoint.Request;
import dev.chronos.LoopbackEndpoint.Response;
import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.push.SignatureVerifier;
import dev.chronos.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Push delivery end to end against a real HTTP server on loopback. Nodes run inline (a step waits
 * for the endpoint's answer) under a manual clock, except where the test is about threads; the
 * signature is checked with HMAC code written here, not the library's.
 */
class PushDeliveryTest {
  private static final String SECRET = "push-test-secret-5d41402abc4b2a76b9719d911017c592";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final LoopbackEndpoint endpoint = LoopbackEndpoint.start();
  private final List<Chronos> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(Chronos::close);
    endpoint.close();
  }

  /** A node that may push to loopback over plain http, signing with {@link #SECRET}. */
  private ChronosBuilder local() {
    return TestNodes.builder(store, clock).allowHttp().allowPrivateNetworks().signingSecret(SECRET);
  }

  private ChronosEngine inline(ChronosBuilder builder) {
    ChronosEngine node = TestNodes.inline(builder);
    nodes.add(node);
    return node;
  }

  private static JobRequest.Builder push(String url) {
    return JobRequest.builder().name("push " + url).delivery(Delivery.push(url));
  }

  private static String hmacHex(String secret, String signed, byte[] body) throws Exception {
    return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), signed, body));
  }

  private static byte[] hmac(byte[] key, String signed, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update(signed.getBytes(StandardCharsets.UTF_8));
    return mac.doFinal(body);
  }

  private Job job(Job job) {
    return store.find(job.id()).orElseThrow();
  }

  @Test
  void sends_a_signed_json_body_with_system_and_custom_headers_and_completes_on_200()
      throws Exception {
    ChronosEngine chronos = inline(local());
    endpoint.script("/hooks/ok", Response.of(200, "{\"received\":true}"));
    Job job =
        chronos.submit(
            JobRequest.builder()
                .name("Send follow-up")
                .handler("send-email")
                .payload(Map.of("userId", "usr_123"))
                .delivery(
                    Delivery.push(
                        endpoint.url("/hooks/ok"),
                        "POST",
                        Map.of("X-Team", "billing", "Authorization", "Bearer token-1")))
                .build());

    chronos.runDue();

    Request request = endpoint.requests("/hooks/ok").get(0);
    assertThat(endpoint.requests()).hasSize(1);
    Execution execution = chronos.executions(job.id()).get(0);
    String deliveryId = execution.id().toString();
    String timestamp = Long.toString(clock.instant().getEpochSecond());

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("User-Agent")).startsWith("chronos-java/");
    assertThat(request.header("X-Team")).isEqualTo("billing");
    assertThat(request.header("Authorization")).isEqualTo("Bearer token-1");
    assertThat(request.header("X-Chronos-Delivery-Id")).isEqualTo(deliveryId);
    assertThat(request.header("X-Chronos-Timestamp")).isEqualTo(timestamp);
    assertThat(request.header("X-Chronos-Signature"))
        .isEqualTo("sha256=" + hmacHex(SECRET, deliveryId + "." + timestamp + ".", request.body()));
    assertThat(request.header("webhook-signature")).isNull();
    assertThat(
            SignatureVerifier.of(SECRET)
                .withClock(clock)
                .verify(request.headers()::getFirst, request.body()))
        .isEqualTo(SignatureVerifier.Result.VALID);

    JsonNode body = JSON.readTree(request.body());
    assertThat(body.properties())
        .extracting(Map.Entry::getKey)
        .containsExactly(
            "job_id", "handler", "execution_id", "scheduled_for", "attempt", "payload");
    assertThat(body.get("job_id").asText()).isEqualTo(job.id().toString());
    assertThat(body.get("handler").asText()).isEqualTo("send-email");
    assertThat(body.get("execution_id").asText()).isEqualTo(deliveryId);
    assertThat(body.get("scheduled_for").asText()).isEqualTo("2026-01-15T09:00:00Z");
    assertThat(body.get("attempt").asInt()).isEqualTo(1);
    assertThat(body.get("payload").get("userId").asText()).isEqualTo("usr_123");

    Job done = job(job);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.result().get("received").asBoolean()).isTrue();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(execution.httpStatus()).isEqualTo(200);
    assertThat(execution.node()).isEqualTo("test-node");
    assertThat(execution.finishedAt()).isNotNull();
  }

  @Test
  void a_push_job_without_handler_or_payload_sends_nulls() throws Exception {
    ChronosEngine chronos = inline(local());
    Job job = chronos.submit(push(endpoint.url("/bare")).build());

    chronos.runDue();

    JsonNode body = JSON.readTree(endpoint.requests("/bare").get(0).body());
    assertThat(body.get("handler").isNull()).isTrue();
    assertThat(body.get("payload").isNull()).isTrue();
    assertThat(job(job).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job(job).result()).isNull(); // empty 200
  }

  @Test
  void retries_after_a_500_and_completes_when_the_endpoint_recovers() throws Exception {
    ChronosEngine chronos = inline(local());
    endpoint.script(
        "/hooks/flaky", Response.of(500, "database down"), Response.of(200, "ok, got it"));
    Job job = chronos.submit(push(endpoint.url("/hooks/flaky")).build());

    chronos.runDue();

    Job retrying = job(job);
    assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(retrying.lastError()).isEqualTo("HTTP 500: database down");
    assertThat(retrying.runAt())
        .isBetween(clock.instant().plusSeconds(1), clock.instant().plusSeconds(2));
    Execution first = chronos.executions(job.id()).get(0);
    assertThat(first.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(first.httpStatus()).isEqualTo(500);

    clock.set(retrying.runAt());
    chronos.runDue();

    List<Request> requests = endpoint.requests("/hooks/flaky");
    assertThat(requests).hasSize(2);
    Request second = requests.get(1);
    Execution retry = chronos.executions(job.id()).get(1);
    assertThat(JSON.readTree(second.body()).get("attempt").asInt()).isEqualTo(2);
    assertThat(second.header("X-Chronos-Delivery-Id")).isEqualTo(retry.id().toString());
    assertThat(second.header("X-Chronos-Timestamp"))
        .isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    assertThat(second.header("X-Chronos-Signature"))
        .isEqualTo(
            "sha256="
                + hmacHex(
                    SECRET,
                    retry.id() + "." + second.header("X-Chronos-Timestamp") + ".",
                    second.body()));
    Job done = job(job);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.result().asText()).isEqualTo("ok, got it");
    assertThat(retry.httpStatus()).isEqualTo(200);
    assertThat(retry.trigger()).isEqualTo(ExecutionTrigger.SYSTEM_RETRY);
  }

  @Test
  void a_404_fails_the_job_at_once_with_the_status_in_the_error() {
    ChronosEngine chronos = inline(local());
    endpoint.always("/hooks/gone", Response.of(404, "no such hook"));
    Job job = chronos.submit(push(endpoint.url("/hooks/gone")).maxRetries(3).build());

    chronos.runDue();
    clock.advance(Duration.ofHours(2));
    chronos.runDue();

    Job failed = job(job);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastError()).isEqualTo("HTTP 404: no such hook");
    assertThat(chronos.executions(job.id()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
              assertThat(e.httpStatus()).isEqualTo(404);
            });
    assertThat(endpoint.requests("/hooks/gone")).hasSize(1);
  }

  @Test
  void a_429_is_retried_no_earlier_than_its_retry_after() {
    ChronosEngine chronos = inline(local());
    endpoint.script(
        "/hooks/busy",
        Response.of(429, "slow down", Map.of("Retry-After", "120")),
        Response.of(200, "{\"n\":2}"));
    Job job = chronos.submit(push(endpoint.url("/hooks/busy")).build());
    Instant sent = clock.instant();

    chronos.runDue();

    Job throttled = job(job);
    assertThat(throttled.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(throttled.runAt()).isEqualTo(sent.plusSeconds(120));
    assertThat(throttled.lastError()).isEqualTo("HTTP 429: slow down");
    assertThat(chronos.executions(job.id()).get(0).httpStatus()).isEqualTo(429);

    clock.set(sent.plusSeconds(119));
    chronos.runDue();
    assertThat(endpoint.requests("/hooks/busy")).hasSize(1);

    clock.set(sent.plusSeconds(120));
    chronos.runDue();
    assertThat(endpoint.requests("/hooks/busy")).hasSize(2);
    assertThat(job(job).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job(job).result().get("n").asInt()).isEqualTo(2);
  }

  @Test
  void a_408_with_an_http_date_retry_after_is_retried_at_that_date() {
    ChronosEngine chronos = inline(local());
    endpoint.script(
        "/hooks/later",
        Response.of(408, "", Map.of("Retry-After", "Thu, 15 Jan 2026 09:30:00 GMT")));
    Job job = chronos.submit(push(endpoint.url("/hooks/later")).build());

    chronos.runDue();

    assertThat(job(job).status()).isEqualTo(JobStatus.RETRYING);
    assertThat(job(job).runAt()).isEqualTo(Instant.parse("2026-01-15T09:30:00Z"));
    assertThat(job(job).lastError()).isEqualTo("HTTP 408");
  }

  @Test
  void a_slow_endpoint_times_out_after_the_job_timeout_and_is_retried() {
    ChronosEngine chronos = inline(local());
    CountDownLatch release = new CountDownLatch(1);
    endpoint.script("/hooks/slow", Response.heldBy(release), Response.of(200, "quick now"));
    Job job = chronos.submit(push(endpoint.url("/hooks/slow")).timeoutSeconds(1).build());

    chronos.runDue(); // returns when the HTTP client gives up, after 1 s of real time
    release.countDown();

    Job timedOut = job(job);
    assertThat(endpoint.requests("/hooks/slow")).hasSize(1);
    assertThat(timedOut.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(timedOut.lastError()).contains("timed out after 1 s");
    assertThat(chronos.executions(job.id()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
              assertThat(e.httpStatus()).isNull();
            });

    clock.set(timedOut.runAt());
    chronos.runDue();
    assertThat(job(job).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job(job).result().asText()).isEqualTo("quick now");
  }

  @Test
  void the_deadline_abandons_a_request_still_waiting_when_the_clock_passes_it() {
    ChronosEngine chronos = TestNodes.withWorkers(local());
    nodes.add(chronos);
    CountDownLatch release = new CountDownLatch(1);
    endpoint.script("/hooks/hang", Response.heldBy(release));
    Job job = chronos.submit(push(endpoint.url("/hooks/hang")).timeoutSeconds(30).build());

    chronos.runDue(); // sends asynchronously and returns
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> endpoint.requests("/hooks/hang").size() == 1);
    assertThat(job(job).status()).isEqualTo(JobStatus.RUNNING);

    clock.advance(Duration.ofSeconds(30));
    chronos.runDue();

    Job timedOut = job(job);
    assertThat(timedOut.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(timedOut.lastError()).contains("timed out after 30 s").contains("abandoned");
    assertThat(chronos.running()).isZero();
    release.countDown();
  }

  @Test
  void a_redirect_is_not_followed_and_fails_the_job_at_once() {
    ChronosEngine chronos = inline(local());
    endpoint.always(
        "/hooks/moved", Response.of(302, "", Map.of("Location", endpoint.url("/hooks/new"))));
    Job job = chronos.submit(push(endpoint.url("/hooks/moved")).maxRetries(3).build());

    chronos.runDue();

    Job failed = job(job);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.lastError())
        .contains("HTTP 302")
        .contains("not followed")
        .contains(endpoint.url("/hooks/new"));
    assertThat(chronos.executions(job.id()).get(0).httpStatus()).isEqualTo(302);
    assertThat(endpoint.requests("/hooks/new")).isEmpty();
  }

  @Test
  void a_refused_connection_is_a_network_error_and_retried() throws IOException {
    ChronosEngine chronos = inline(local());
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    } // closed: nothing listens there now
    Job job = chronos.submit(push("http://127.0.0.1:" + port + "/hooks").build());

    chronos.runDue();

    Job retrying = job(job);
    assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(retrying.lastError()).startsWith("network error").contains("ConnectException");
    assertThat(chronos.executions(job.id()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
              assertThat(e.httpStatus()).isNull();
            });
  }

  @Test
  void keeps_only_the_first_4_kb_of_a_large_answer() {
    ChronosEngine chronos = inline(local());
    endpoint.always("/hooks/big", Response.of(200, "x".repeat(1_000_000)));
    Job job = chronos.submit(push(endpoint.url("/hooks/big")).build());

    chronos.runDue();

    JsonNode result = job(job).result();
    assertThat(result.isTextual()).isTrue();
    assertThat(result.asText()).startsWith("xxxx").endsWith("…").hasSize(4096 + 1);
  }

  @Test
  void sends_standard_webhooks_headers_when_asked() throws Exception {
    byte[] key = "standard-webhooks-key-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    ChronosEngine chronos =
        inline(
            TestNodes.builder(store, clock)
                .allowHttp()
                .allowPrivateNetworks()
                .signingSecret(secret)
                .standardWebhooks());
    Job job = chronos.submit(push(endpoint.url("/hooks/std")).build());

    chronos.runDue();

    Request r = endpoint.requests("/hooks/std").get(0);
    String ts = r.header("webhook-timestamp");
    assertThat(r.header("webhook-id")).isEqualTo(job.id().toString());
    assertThat(ts).isEqualTo(r.header("X-Chronos-Timestamp"));
    assertThat(r.header("webhook-signature"))
        .isEqualTo(
            "v1,"
                + Base64.getEncoder()
                    .encodeToString(hmac(key, job.id() + "." + ts + ".", r.body())));
    assertThat(r.header("X-Chronos-Signature"))
        .isEqualTo(
            "sha256="
                + hmacHex(secret, r.header("X-Chronos-Delivery-Id") + "." + ts + ".", r.body()));
    Function<String, String> headers = r.headers()::getFirst;
    assertThat(
            SignatureVerifier.of(secret).withClock(clock).verifyStandardWebhooks(headers, r.body()))
        .isEqualTo(SignatureVerifier.Result.VALID);
  }

  @Test
  void with_two_signing_secrets_each_request_carries_both_signatures_and_either_verifies()
      throws Exception {
    String old = "old-secret-0123456789abcdef";
    byte[] key = "new-standard-webhooks-key-bytes!".getBytes(StandardCharsets.UTF_8);
    String fresh = "whsec_" + Base64.getEncoder().encodeToString(key);
    ChronosEngine chronos =
        inline(
            TestNodes.builder(store, clock)
                .allowHttp()
                .allowPrivateNetworks()
                .signingSecrets(old, fresh)
                .standardWebhooks());
    Job job = chronos.submit(push(endpoint.url("/hooks/rotate")).build());

    chronos.runDue();

    Request r = endpoint.requests("/hooks/rotate").get(0);
    String ts = r.header("X-Chronos-Timestamp");
    String signed = r.header("X-Chronos-Delivery-Id") + "." + ts + ".";
    assertThat(r.header("X-Chronos-Signature"))
        .isEqualTo(
            "sha256="
                + hmacHex(old, signed, r.body())
                + ",sha256="
                + hmacHex(fresh, signed, r.body()));
    assertThat(r.header("webhook-signature"))
        .isEqualTo(
            "v1,"
                + Base64.getEncoder()
                    .encodeToString(
                        hmac(
                            old.getBytes(StandardCharsets.UTF_8),
                            job.id() + "." + ts + ".",
                            r.body()))
                + " v1,"
                + Base64.getEncoder()
                    .encodeToString(hmac(key, job.id() + "." + ts + ".", r.body())));
    Function<String, String> headers = r.headers()::getFirst;
    for (SignatureVerifier verifier :
        java.util.List.of(
            SignatureVerifier.of(old),
            SignatureVerifier.of(fresh),
            SignatureVerifier.of(fresh, old))) {
      assertThat(verifier.withClock(clock).verify(headers, r.body()))
          .isEqualTo(SignatureVerifier.Result.VALID);
      assertThat(verifier.withClock(clock).verifyStandardWebhooks(headers, r.body()))
          .isEqualTo(SignatureVerifier.Result.VALID);
    }
    assertThat(SignatureVerifier.of("a-third-secret").withClock(clock).verify(headers, r.body()))
        .isEqualTo(SignatureVerifier.Result.SIGNATURE_MISMATCH);
  }

  @Test
  void signing_secrets_must_be_given_blank_free_and_distinct() {
    assertThatThrownBy(() -> TestNodes.builder(store, clock).signingSecrets())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestNodes.builder(store, clock).signingSecrets("a", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestNodes.builder(store, clock).signingSecrets("a", "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void without_a_signing_secret_requests_go_unsigned() {
    ChronosEngine chronos =
        inline(TestNodes.builder(store, clock).allowHttp().allowPrivateNetworks());
    chronos.submit(push(endpoint.url("/hooks/plain")).build());

    chronos.runDue();

    Request r = endpoint.requests("/hooks/plain").get(0);
    assertThat(r.header("X-Chronos-Signature")).isNull();
    assertThat(r.header("X-Chronos-Delivery-Id")).isNotNull();
    assertThat(r.header("X-Chronos-Timestamp")).isNotNull();
  }

  @Test
  void standard_webhooks_need_a_signing_secret() {
    assertThatThrownBy(() -> TestNodes.builder(store, clock).standardWebhooks().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signingSecret");
    assertThatThrownBy(
            () ->
                TestNodes.builder(store, clock)
                    .signingSecret("whsec_not base64!")
                    .standardWebhooks()
                    .build())
        .isInstanceOf(IllegalStateException.class);
    // Without standardWebhooks() a whsec_ secret is just a secret.
    TestNodes.builder(store, clock).signingSecret("whsec_not base64!").build().close();
  }

  @Test
  void a_node_with_push_off_leaves_push_jobs_to_other_nodes() {
    ChronosEngine chronos = inline(local().pushConcurrency(0));
    Job job = chronos.submit(push(endpoint.url("/hooks/off")).build());

    chronos.runDue();

    assertThat(job(job).status()).isEqualTo(JobStatus.PENDING);
    assertThat(endpoint.requests()).isEmpty();

    ChronosEngine other = inline(local());
    other.runDue();
    assertThat(job(job).status()).isEqualTo(JobStatus.COMPLETED);
  }

  // ---- address policy -----------------------------------------------------------------------

  @Test
  void a_secure_node_refuses_internal_and_plain_http_urls_at_submit() {
    ChronosEngine strict = inline(TestNodes.builder(store, clock));

    assertThatThrownBy(() -> strict.submit(push("http://example.com/hook").build()))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e ->
                assertThat(e.errors())
                    .singleElement()
                    .satisfies(
                        f -> {
                          assertThat(f.field()).isEqualTo("delivery.http.url");
                          assertThat(f.message()).contains("https");
                        }));
    for (String url :
        List.of(
            "https://169.254.169.254/latest/meta-data/",
            "https://127.0.0.1:8443/",
            "https://[::ffff:127.0.0.1]/",
            "https://2130706433/",
            "https://0x7f000001/",
            "https://localhost/",
            "https://10.0.0.1/")) {
      assertThatThrownBy(() -> strict.submit(push(url).build()))
          .as(url)
          .isInstanceOfSatisfying(
              JobValidationException.class,
              e -> assertThat(e.errors().get(0).field()).isEqualTo("delivery.http.url"));
    }
    assertThatThrownBy(
            () ->
                strict.submitAll(
                    List.of(
                        push("https://example.com/ok").build(),
                        push("https://192.168.0.1/").build())))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ValidationException.FieldError::field)
                    .containsExactly("[1].delivery.http.url"));
    assertThat(strict.jobs(JobQuery.all()).total()).isZero();

    ChronosEngine httpOnly = inline(TestNodes.builder(store, clock).allowHttp());
    assertThatThrownBy(() -> httpOnly.submit(push(endpoint.url("/x")).build()))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> assertThat(e.errors().get(0).message()).contains("loopback"));
  }

  @Test
  void a_host_that_resolves_to_an_internal_address_is_refused_when_sending() {
    ChronosEngine chronos =
        inline(
            TestNodes.builder(store, clock)
                .allowHttp()
                .hostResolver(
                    host -> {
                      if (host.equals("hooks.example.com")) {
                        return List.of(
                            InetAddress.getByAddress(
                                host, new byte[] {(byte) 93, (byte) 184, (byte) 216, 34}),
                            InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7}));
                      }
                      throw new UnknownHostException(host);
                    }));
    Job rebound = chronos.submit(push("http://hooks.example.com:1/hook").maxRetries(3).build());
    Job unknown = chronos.submit(push("http://nowhere.example.com:1/hook").build());

    chronos.runDue();

    Job refused = job(rebound);
    assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
    assertThat(refused.lastError())
        .contains("delivery.http.url")
        .contains("hooks.example.com")
        .contains("10.0.0.7")
        .contains("private");
    assertThat(job(unknown).status()).isEqualTo(JobStatus.RETRYING);
    assertThat(job(unknown).lastError()).contains("could not resolve host");
  }

  @Test
  void a_node_checks_the_url_again_when_sending_a_job_another_node_accepted() {
    ChronosEngine permissive = inline(local().pushConcurrency(0));
    Job job = permissive.submit(push(endpoint.url("/hooks/internal")).maxRetries(3).build());
    ChronosEngine strict = inline(TestNodes.builder(store, clock).allowHttp());

    strict.runDue();

    Job refused = job(job);
    assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
    assertThat(refused.lastError()).contains("loopback");
    assertThat(endpoint.requests()).isEmpty();
  }

  // ---- threads ------------------------------------------------------------------------------

  @Test
  void push_requests_are_asynchronous_bounded_and_never_hold_up_handlers() {
    CountDownLatch release = new CountDownLatch(1);
    endpoint.always("/hooks/held", Response.heldBy(release));
    Chronos chronos =
        Chronos.builder()
            .store(store)
            .allowHttp()
            .allowPrivateNetworks()
            .signingSecret(SECRET)
            .pushConcurrency(2)
            .workerThreads(1)
            .handler("quick", ctx -> "done")
            .build()
            .start();
    nodes.add(chronos);
    List<Job> pushes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pushes.add(chronos.submit(push(endpoint.url("/hooks/held")).build()));
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.inFlight() == 2);
    Job handled = chronos.submit(JobRequest.builder().name("quick").handler("quick").build());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> job(handled).status() == JobStatus.COMPLETED);
    assertThat(endpoint.requests("/hooks/held")).hasSize(2);

    release.countDown();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pushes.stream().allMatch(j -> job(j).status() == JobStatus.COMPLETED));
    assertThat(endpoint.requests("/hooks/held")).hasSize(5);
    assertThat(endpoint.maxInFlight()).isEqualTo(2);
  }
}
