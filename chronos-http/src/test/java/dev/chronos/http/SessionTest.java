package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.JobStatus;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Logging in to the dashboard with an API key, through both adapters on loopback: the cookie's
 * attributes, the session answer, idle expiry under a hand-driven clock, logout, a revoked key, the
 * cookie on {@code /v1} with and without the CSRF header, and a read-only session writing.
 */
class SessionTest {
  final MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T09:00:00Z"));
  ApiFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  void start(ApiFixture.Adapter adapter) {
    f =
        new ApiFixture(
            adapter,
            new InMemoryApiKeyStore(),
            b -> b.clock(clock).sessionIdleTimeout(Duration.ofHours(8)));
  }

  /** A logged-in browser: the cookie and the CSRF token from the login answer. */
  record Browser(Http http, String cookie, String csrf, JsonNode session) {
    Http writing() {
      return http.with("X-CSRF-Token", csrf);
    }
  }

  Browser login(NewApiKey key) {
    Http.Reply r = f.http(null).post("/ui/session", "{\"key\": \"" + key.secret() + "\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    String setCookie = r.header("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    return new Browser(
        f.http(null).with("Cookie", cookie), cookie, r.data().get("csrf_token").asText(), r.data());
  }

  String mount(ApiFixture.Adapter adapter) {
    return adapter == ApiFixture.Adapter.JETTY ? "" : "/api";
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void login_sets_a_strict_http_only_cookie_scoped_to_the_mount_and_answers_the_session(
      ApiFixture.Adapter adapter) {
    start(adapter);
    Http.Reply r = f.http(null).post("/ui/session", "{\"key\": \"" + f.admin.secret() + "\"}");
    assertThat(r.status()).isEqualTo(200);
    String setCookie = r.header("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .matches("chronos_session=[A-Za-z0-9_-]{43}; .*")
        .contains("; Path=" + mount(adapter) + "/")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .doesNotContain("Secure") // plain HTTP on loopback
        .doesNotContain(f.admin.secret());
    assertThat(r.header("Content-Security-Policy")).isPresent();
    JsonNode s = r.data();
    assertThat(s.get("account").asText()).isEqualTo("acme");
    assertThat(s.get("key_name").asText()).isEqualTo("ops");
    assertThat(s.get("key_id").asText()).isEqualTo(f.admin.key().id().toString());
    assertThat(s.get("read_only").asBoolean()).isFalse();
    assertThat(s.get("csrf_token").asText()).hasSize(43);
    assertThat(s.get("expires_at").asText()).isEqualTo("2026-12-01T17:00:00Z");
    assertThat(s.get("idle_timeout_seconds").asLong()).isEqualTo(8 * 3600);
    assertThat(r.text()).doesNotContain(f.admin.secret());

    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    Http.Reply again = f.http(null).with("Cookie", "theme=dark; " + cookie).get("/ui/session");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.data().get("csrf_token").asText()).isEqualTo(s.get("csrf_token").asText());
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void wrong_revoked_and_missing_keys_cannot_log_in(ApiFixture.Adapter adapter) {
    start(adapter);
    Http anonymous = f.http(null);
    Http.Reply wrong = anonymous.post("/ui/session", "{\"key\": \"chrns_" + "A".repeat(43) + "\"}");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.code()).isEqualTo("unauthorized");
    assertThat(wrong.header("Set-Cookie")).isEmpty();
    f.keys.revoke(f.other.key().id());
    assertThat(anonymous.post("/ui/session", "{\"key\": \"" + f.other.secret() + "\"}").status())
        .isEqualTo(401);
    Http.Reply missing = anonymous.post("/ui/session", "{}");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.json().at("/errors/0/field").asText()).isEqualTo("key");
    Http.Reply unknown =
        anonymous.post("/ui/session", "{\"key\": \"" + f.acme.secret() + "\", \"remember\": 1}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().at("/errors/0/field").asText()).isEqualTo("remember");
    assertThat(anonymous.post("/ui/session", "not json").code()).isEqualTo("bad_request");
    assertThat(anonymous.get("/ui/session").status()).isEqualTo(401);
    // A Bearer key is not a session.
    assertThat(f.http(f.acme).get("/ui/session").status()).isEqualTo(401);
    // A forged cookie is no session either.
    assertThat(
            anonymous.with("Cookie", "chronos_session=" + "x".repeat(43)).get("/v1/jobs").status())
        .isEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void a_session_ends_after_the_idle_timeout_and_each_use_starts_it_again(
      ApiFixture.Adapter adapter) {
    start(adapter);
    Browser b = login(f.acme);
    clock.advance(Duration.ofHours(7));
    Http.Reply used = b.http().get("/v1/jobs");
    assertThat(used.status()).isEqualTo(200);
    assertThat(b.http().get("/ui/session").data().get("expires_at").asText())
        .isEqualTo("2026-12-02T00:00:00Z");
    clock.advance(Duration.ofHours(7).plusMinutes(59));
    assertThat(b.http().get("/v1/jobs").status()).isEqualTo(200);
    clock.advance(Duration.ofHours(8));
    Http.Reply expired = b.http().get("/v1/jobs");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.code()).isEqualTo("unauthorized");
    assertThat(b.http().get("/ui/session").status()).isEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void logout_needs_the_csrf_header_ends_the_session_and_clears_the_cookie(
      ApiFixture.Adapter adapter) {
    start(adapter);
    Browser b = login(f.readOnly); // a read-only key may still log out
    Http.Reply refused = b.http().delete("/ui/session");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("csrf_token_invalid");
    assertThat(b.http().get("/ui/session").status()).isEqualTo(200);

    Http.Reply out = b.writing().delete("/ui/session");
    assertThat(out.status()).isEqualTo(200);
    assertThat(out.header("Set-Cookie").orElseThrow())
        .startsWith("chronos_session=;")
        .contains("Max-Age=0")
        .contains("Path=" + mount(adapter) + "/");
    assertThat(b.http().get("/ui/session").status()).isEqualTo(401);
    assertThat(b.http().get("/v1/jobs").status()).isEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void a_revoked_key_ends_its_sessions_at_the_next_request(ApiFixture.Adapter adapter) {
    start(adapter);
    Browser b = login(f.acme);
    assertThat(b.http().get("/v1/jobs").status()).isEqualTo(200);
    f.keys.revoke(f.acme.key().id());
    assertThat(b.http().get("/v1/jobs").status()).isEqualTo(401);
    assertThat(b.http().get("/ui/session").status()).isEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void a_cookie_write_without_the_right_csrf_token_is_refused_and_changes_nothing(
      ApiFixture.Adapter adapter) {
    start(adapter);
    UUID id = submit();
    Browser b = login(f.acme);

    for (Http attacker :
        new Http[] {
          b.http(), b.http().with("X-CSRF-Token", "x"), b.http().with("X-CSRF-Token", "")
        }) {
      Http.Reply r = attacker.post("/v1/jobs/" + id + "/cancel", null);
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.code()).isEqualTo("csrf_token_invalid");
      Http.Reply submit = attacker.post("/v1/jobs", "{\"name\": \"n\", \"handler\": \"h\"}");
      assertThat(submit.code()).isEqualTo("csrf_token_invalid");
    }
    assertThat(f.chronos.job("acme", id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    assertThat(f.chronos.jobs(dev.chronos.JobQuery.builder().account("acme").build()).total())
        .isEqualTo(1);
    assertThat(f.http(f.acme).get("/v1/audit").data())
        .extracting(e -> e.get("action").asText())
        .containsExactly("session.login");

    // Reads need no token; with the token the write goes through.
    assertThat(b.http().get("/v1/jobs/" + id).status()).isEqualTo(200);
    Http.Reply cancelled = b.writing().post("/v1/jobs/" + id + "/cancel", null);
    assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
    assertThat(f.chronos.job("acme", id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    // Another session's token is not this one's.
    Browser other = login(f.acme);
    UUID second = submit();
    Http.Reply crossed =
        b.http().with("X-CSRF-Token", other.csrf()).post("/v1/jobs/" + second + "/cancel", null);
    assertThat(crossed.code()).isEqualTo("csrf_token_invalid");
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void bearer_requests_need_no_csrf_token_and_win_over_a_cookie(ApiFixture.Adapter adapter) {
    start(adapter);
    UUID id = submit();
    Browser b = login(f.readOnly);
    // The Authorization header is used, the (read-only) cookie ignored: the write goes through.
    Http.Reply r =
        f.http(f.acme).with("Cookie", b.cookie()).post("/v1/jobs/" + id + "/cancel", null);
    assertThat(r.status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void a_host_s_http_basic_header_leaves_the_session_cookie_in_charge(ApiFixture.Adapter adapter) {
    start(adapter);
    UUID id = submit();
    Browser b = login(f.acme);
    // A host putting HTTP Basic in front of the dashboard: the browser sends it on every call.
    String basic =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    "ops:proxy-password".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Http behindBasic = f.http(null).as(basic).with("Cookie", b.cookie());
    assertThat(behindBasic.get("/v1/stats").status()).isEqualTo(200);
    assertThat(behindBasic.get("/ui/session").status()).isEqualTo(200);
    // Still a cookie request: a write needs the CSRF token, and with it goes through.
    assertThat(behindBasic.post("/v1/jobs/" + id + "/cancel", null).code())
        .isEqualTo("csrf_token_invalid");
    Http.Reply cancelled =
        behindBasic.with("X-CSRF-Token", b.csrf()).post("/v1/jobs/" + id + "/cancel", null);
    assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
    assertThat(f.chronos.job("acme", id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    // Without a cookie, a header of another scheme is no key: 401.
    for (String header : new String[] {basic, "Digest username=\"ops\"", "Bearerx abc"}) {
      Http.Reply r = f.http(null).as(header).get("/v1/stats");
      assertThat(r.status()).as(header).isEqualTo(401);
    }
    // A Bearer header is always the key's, wrong or not: no fallback to the cookie.
    for (String header : new String[] {"Bearer wrong-key", "bearer  wrong-key"}) {
      Http.Reply r = f.http(null).as(header).with("Cookie", b.cookie()).get("/v1/stats");
      assertThat(r.status()).as(header).isEqualTo(401);
    }
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void a_read_only_session_reads_but_gets_403_on_every_write(ApiFixture.Adapter adapter) {
    start(adapter);
    UUID id = submit();
    Browser b = login(f.readOnly);
    assertThat(b.session().get("read_only").asBoolean()).isTrue();
    assertThat(b.http().get("/v1/jobs").status()).isEqualTo(200);
    assertThat(b.http().get("/v1/stats").status()).isEqualTo(200);
    for (String path :
        new String[] {
          "/v1/jobs/" + id + "/cancel", "/v1/jobs/" + id + "/run", "/v1/jobs/bulk/cancel"
        }) {
      Http.Reply r = b.writing().post(path, "{\"status\": \"pending\"}");
      assertThat(r.status()).as(path).isEqualTo(403);
      assertThat(r.code()).isEqualTo("forbidden");
    }
    assertThat(f.chronos.job("acme", id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
  }

  UUID submit() {
    Http.Reply r =
        f.http(f.acme)
            .post(
                "/v1/jobs",
                "{\"name\": \"n\", \"handler\": \"nobody-runs-this\", \"scheduled_for\": \"2035-01-01T00:00:00Z\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return UUID.fromString(r.data().get("id").asText());
  }
}
