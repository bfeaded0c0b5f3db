package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.JobQuery;
import dev.chronos.ScheduleQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API's behaviour over real HTTP; runs once per adapter (subclasses pick it). */
abstract class ApiContractTest {
  ApiFixture f;
  Http acme;
  Http other;
  Http readOnly;
  Http admin;
  Http anonymous;

  abstract ApiFixture.Adapter adapter();

  @BeforeEach
  void start() {
    f = new ApiFixture(adapter());
    acme = f.http(f.acme);
    other = f.http(f.other);
    readOnly = f.http(f.readOnly);
    admin = f.http(f.admin);
    anonymous = f.http(null);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  long storedJobs() {
    return f.chronos.jobs(JobQuery.builder().account("acme").build()).total()
        + f.chronos.jobs(JobQuery.builder().account("other").build()).total();
  }

  static final String UPLOAD =
      "{\"name\": \"Process upload\", \"handler\": \"process-upload\","
          + " \"payload\": {\"fileId\": \"file_abc123\"}}";

  @Test
  void a_submit_answers_201_with_the_job_in_the_envelope() {
    Http.Reply r = acme.post("/v1/jobs", UPLOAD);
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = r.json();
    assertThat(body.get("success").asBoolean()).isTrue();
    assertThat(body.get("message").asText()).isNotBlank();
    JsonNode job = r.data();
    assertThat(job.get("status").asText()).isEqualTo("pending");
    assertThat(job.get("account").asText()).isEqualTo("acme");
    assertThat(job.get("payload").get("fileId").asText()).isEqualTo("file_abc123");

    Http.Reply got = acme.get("/v1/jobs/" + job.get("id").asText());
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.data().get("id")).isEqualTo(job.get("id"));
  }

  @Test
  void lists_filter_and_page_in_the_key_account_only() {
    for (int i = 0; i < 3; i++) {
      assertThat(acme.post("/v1/jobs", UPLOAD).status()).isEqualTo(201);
    }
    assertThat(other.post("/v1/jobs", UPLOAD).status()).isEqualTo(201);
    Http.Reply page = acme.get("/v1/jobs?schedule_id=null&status=pending,retrying&size=2&page=2");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.data()).hasSize(1);
    JsonNode paging = page.json().get("meta").get("paging");
    assertThat(paging.get("page").asInt()).isEqualTo(2);
    assertThat(paging.get("size").asInt()).isEqualTo(2);
    assertThat(paging.get("total").asInt()).isEqualTo(3);
    assertThat(paging.get("pages").asInt()).isEqualTo(2);
    assertThat(acme.get("/v1/jobs?handler=nobody").data()).isEmpty();
    assertThat(other.get("/v1/jobs").json().get("meta").get("paging").get("total").asInt())
        .isEqualTo(1);
  }

  @Test
  void another_accounts_job_is_not_found_never_forbidden() {
    String id = acme.post("/v1/jobs", UPLOAD).data().get("id").asText();
    for (Http.Reply r :
        new Http.Reply[] {
          other.get("/v1/jobs/" + id),
          other.post("/v1/jobs/" + id + "/cancel", null),
          other.get("/v1/jobs/" + id + "/executions")
        }) {
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.code()).isEqualTo("job_not_found");
    }
    assertThat(acme.get("/v1/jobs/" + id).data().get("status").asText()).isEqualTo("pending");
  }

  @Test
  void cancel_then_cancel_again_is_a_conflict() {
    String id = acme.post("/v1/jobs", UPLOAD).data().get("id").asText();
    Http.Reply cancelled = acme.post("/v1/jobs/" + id + "/cancel", null);
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.data().get("status").asText()).isEqualTo("cancelled");
    Http.Reply again = acme.post("/v1/jobs/" + id + "/cancel", "{}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("conflict");
    assertThat(acme.get("/v1/jobs/" + id + "/executions").data()).isEmpty();
  }

  @Test
  void a_repeated_idempotency_key_is_409_naming_the_existing_job() {
    String body =
        "{\"name\": \"Charge\", \"handler\": \"charge-invoice\", \"idempotency_key\": \"k-1\"}";
    String first = acme.post("/v1/jobs", body).data().get("id").asText();
    Http.Reply again = acme.post("/v1/jobs", body);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("idempotency_key_conflict");
    assertThat(again.data().get("existing_job_id").asText()).isEqualTo(first);
    // The key is scoped to the account: another account may use it.
    assertThat(other.post("/v1/jobs", body).status()).isEqualTo(201);
  }

  @Test
  void auth_matrix_refuses_and_stores_nothing() {
    NewApiKey revoked = f.keys.create("acme", "old", false);
    f.keys.revoke(revoked.key().id());
    Http[] refused = {
      anonymous,
      acme.as("Basic dXNlcjpwYXNz"),
      acme.as("Bearer"),
      acme.as("Bearer not-a-key"),
      acme.as("Bearer chrns_" + "x".repeat(43)),
      acme.as(revoked.secret()),
    };
    for (Http h : refused) {
      Http.Reply r = h.post("/v1/jobs", UPLOAD);
      assertThat(r.status()).as(r.text()).isEqualTo(401);
      assertThat(r.code()).isEqualTo("unauthorized");
      assertThat(h.get("/v1/jobs").status()).isEqualTo(401);
      assertThat(h.get("/v1/nothing-here").status()).isEqualTo(401);
    }
    Http.Reply ro = readOnly.post("/v1/jobs", UPLOAD);
    assertThat(ro.status()).isEqualTo(403);
    assertThat(ro.code()).isEqualTo("forbidden");
    assertThat(readOnly.post("/v1/worker/jobs/claim", "{\"handlers\": [\"a\"]}").status())
        .isEqualTo(403);
    assertThat(acme.get("/v1/admin/keys").status()).isEqualTo(403);
    assertThat(storedJobs()).isZero();
    assertThat(readOnly.get("/v1/jobs").status()).isEqualTo(200);
  }

  @Test
  void bad_input_matrix_names_the_problem_and_stores_nothing() {
    Http.Reply malformed = acme.post("/v1/jobs", "{\"name\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.code()).isEqualTo("bad_request");

    Http.Reply duplicate = acme.post("/v1/jobs", "{\"name\": \"a\", \"name\": \"b\"}");
    assertThat(duplicate.status()).isEqualTo(400);

    Http.Reply trailing = acme.post("/v1/jobs", UPLOAD + " {}");
    assertThat(trailing.status()).isEqualTo(400);

    Http.Reply text = acme.send("POST", "/v1/jobs", "text/plain", UPLOAD);
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.code()).isEqualTo("unsupported_media_type");

    Http.Reply form = acme.send("POST", "/v1/jobs", "application/x-www-form-urlencoded", "name=x");
    assertThat(form.status()).isEqualTo(415);

    String huge =
        "{\"name\": \"big\", \"handler\": \"h\", \"payload\": {\"blob\": \""
            + "x".repeat(ChronosApi.DEFAULT_MAX_BODY_SIZE)
            + "\"}}";
    Http.Reply tooLarge = acme.post("/v1/jobs", huge);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.code()).isEqualTo("payload_too_large");

    Http.Reply unknown =
        acme.post(
            "/v1/jobs",
            "{\"name\": \"\", \"handler\": \"h\", \"schedule_for\": \"2030-01-01T00:00:00Z\","
                + " \"max_retries\": -1}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.code()).isEqualTo("validation_error");
    assertThat(unknown.json().get("errors").findValuesAsText("field"))
        .contains("schedule_for", "name", "max_retries");

    Http.Reply otherAccount =
        acme.post("/v1/jobs", "{\"name\": \"x\", \"handler\": \"h\", \"account\": \"other\"}");
    assertThat(otherAccount.status()).isEqualTo(422);
    assertThat(otherAccount.json().get("errors").get(0).get("field").asText()).isEqualTo("account");

    Http.Reply badQuery = acme.get("/v1/jobs?status=sleeping&size=1000&colour=red");
    assertThat(badQuery.status()).isEqualTo(422);
    assertThat(badQuery.json().get("errors").findValuesAsText("field"))
        .contains("status", "size", "colour");
    assertThat(acme.get("/v1/jobs?page=1&page=2").status()).isEqualTo(422);
    assertThat(acme.get("/v1/jobs?account=other").status()).isEqualTo(422);

    Http.Reply badId = acme.get("/v1/jobs/not-a-uuid");
    assertThat(badId.status()).isEqualTo(422);
    assertThat(badId.json().get("errors").get(0).get("field").asText()).isEqualTo("id");

    Http.Reply array = acme.post("/v1/jobs", "[1, 2]");
    assertThat(array.status()).isEqualTo(422);
    Http.Reply empty = acme.post("/v1/jobs", "");
    assertThat(empty.status()).isEqualTo(400);

    assertThat(acme.get("/v1/nothing-here").code()).isEqualTo("not_found");
    assertThat(acme.send("DELETE", "/v1/jobs", null, null).status()).isEqualTo(404);
    assertThat(storedJobs()).isZero();
  }

  @Test
  void an_internal_failure_is_500_without_detail() throws Exception {
    ApiKeyStore broken = new BrokenKeyStore("disk /var/secret/keys.db is corrupt");
    try (ApiFixture b =
        new ApiFixture(adapter(), broken, java.util.function.UnaryOperator.identity())) {
      Http.Reply r = new Http(b.base, "chrns_whatever").get("/v1/jobs");
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.code()).isEqualTo("internal_error");
      assertThat(r.text()).doesNotContain("corrupt", "IllegalState", "at dev.", "/var/");
    }
  }

  @Test
  void health_needs_no_key_and_stats_count_the_account_jobs() {
    Http.Reply health = anonymous.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.data().get("store").asText()).isEqualTo("up");
    acme.post("/v1/jobs", UPLOAD);
    other.post("/v1/jobs", UPLOAD);
    Http.Reply stats = readOnly.get("/v1/stats");
    assertThat(stats.status()).isEqualTo(200);
    assertThat(stats.data().get("jobs").get("pending").asInt()).isEqualTo(1);
    assertThat(stats.data().get("node").get("id").asText()).isEqualTo(f.chronos.nodeId());
    assertThat(stats.data().get("node").get("paused_handlers")).isEmpty();
    f.chronos.pause("resize");
    assertThat(readOnly.get("/v1/stats").data().get("node").get("paused_handlers").get(0).asText())
        .isEqualTo("resize");
  }

  @Test
  void schedules_create_get_list_patch_archive() {
    Http.Reply created =
        acme.post(
            "/v1/schedules",
            "{\"name\": \"Digest\", \"handler\": \"send-digest\", \"cron\": \"0 9 * * 1-5\","
                + " \"timezone\": \"Europe/London\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = created.data().get("id").asText();
    assertThat(acme.get("/v1/schedules/" + id).data().get("cron").asText())
        .isEqualTo("0 9 * * 1-5");
    assertThat(acme.get("/v1/schedules?status=active").data()).hasSize(1);
    assertThat(other.get("/v1/schedules").data()).isEmpty();
    Http.Reply foreign = other.get("/v1/schedules/" + id);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.code()).isEqualTo("schedule_not_found");
    assertThat(other.patch("/v1/schedules/" + id, "{\"cron\": \"0 8 * * *\"}").code())
        .isEqualTo("schedule_not_found");

    Http.Reply patched = acme.patch("/v1/schedules/" + id, "{\"cron\": \"0 8 * * 1-5\"}");
    assertThat(patched.status()).as(patched.text()).isEqualTo(200);
    assertThat(patched.data().get("cron").asText()).isEqualTo("0 8 * * 1-5");
    assertThat(acme.patch("/v1/schedules/" + id, "{\"cron\": \"nope\"}").status()).isEqualTo(422);
    Http.Reply noHandler = acme.patch("/v1/schedules/" + id, "{\"handler\": null}");
    assertThat(noHandler.status()).as(noHandler.text()).isEqualTo(400);
    assertThat(noHandler.code()).isEqualTo("handler_required_for_pull");
    assertThat(noHandler.json().get("errors").findValuesAsText("field")).containsExactly("handler");
    assertThat(acme.get("/v1/schedules/" + id).data().get("handler").asText())
        .isEqualTo("send-digest");

    Http.Reply archived = acme.post("/v1/schedules/" + id + "/archive", null);
    assertThat(archived.status()).isEqualTo(200);
    assertThat(archived.data().get("status").asText()).isEqualTo("archived");
    Http.Reply again = acme.post("/v1/schedules/" + id + "/archive", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("schedule_archived");
    Http.Reply patchArchived = acme.patch("/v1/schedules/" + id, "{\"cron\": \"0 7 * * *\"}");
    assertThat(patchArchived.code()).isEqualTo("schedule_archived");
    assertThat(f.chronos.schedules().list(ScheduleQuery.builder().account("other").build()).total())
        .isZero();
  }

  @Test
  void a_worker_claims_completes_and_a_second_report_is_refused() {
    String id =
        acme.post(
                "/v1/jobs",
                "{\"name\": \"Resize\", \"handler\": \"resize\", \"payload\": {\"w\": 3}}")
            .data()
            .get("id")
            .asText();
    Http.Reply claim =
        acme.post(
            "/v1/worker/jobs/claim",
            "{\"handlers\": [\"resize\"], \"max\": 5, \"wait_seconds\": 5}");
    assertThat(claim.status()).as(claim.text()).isEqualTo(200);
    assertThat(claim.data()).hasSize(1);
    JsonNode c = claim.data().get(0);
    assertThat(c.get("job_id").asText()).isEqualTo(id);
    assertThat(c.get("handler").asText()).isEqualTo("resize");
    assertThat(c.get("attempt").asInt()).isEqualTo(1);
    assertThat(c.get("payload").get("w").asInt()).isEqualTo(3);
    assertThat(Instant.parse(c.get("deadline").asText())).isAfter(Instant.now());
    assertThat(c.has("scheduled_for")).isTrue();
    String execution = c.get("execution_id").asText();

    Http.Reply foreign =
        other.post("/v1/worker/executions/" + execution + "/complete", "{\"result\": 1}");
    assertThat(foreign.status()).isEqualTo(404);

    Http.Reply extended =
        acme.post("/v1/worker/executions/" + execution + "/extend", "{\"seconds\": 120}");
    assertThat(extended.status()).as(extended.text()).isEqualTo(200);
    assertThat(Instant.parse(extended.data().get("deadline").asText()))
        .isAfter(Instant.now().plusSeconds(100));

    Http.Reply done =
        acme.post(
            "/v1/worker/executions/" + execution + "/complete", "{\"result\": {\"ok\": true}}");
    assertThat(done.status()).as(done.text()).isEqualTo(200);
    assertThat(done.data().get("status").asText()).isEqualTo("completed");
    assertThat(acme.get("/v1/jobs/" + id).data().get("result").get("ok").asBoolean()).isTrue();

    Http.Reply twice =
        acme.post("/v1/worker/executions/" + execution + "/complete", "{\"result\": 2}");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.code()).isEqualTo("lease_expired");
    assertThat(acme.post("/v1/worker/executions/" + execution + "/fail", "{}").code())
        .isEqualTo("lease_expired");
    assertThat(
            acme.post("/v1/worker/executions/" + execution + "/extend", "{\"seconds\": 5}").code())
        .isEqualTo("lease_expired");
  }

  @Test
  void failures_retry_unless_not_retryable() {
    String retried =
        acme.post("/v1/jobs", "{\"name\": \"a\", \"handler\": \"flaky\"}")
            .data()
            .get("id")
            .asText();
    JsonNode c1 = claimOne("flaky");
    Http.Reply failed =
        acme.post(
            "/v1/worker/executions/" + c1.get("execution_id").asText() + "/fail",
            "{\"error\": \"boom\", \"retryable\": true}");
    assertThat(failed.status()).as(failed.text()).isEqualTo(200);
    assertThat(failed.data().get("status").asText()).isEqualTo("retrying");
    assertThat(acme.get("/v1/jobs/" + retried).data().get("last_error").asText()).contains("boom");

    String fatal =
        acme.post("/v1/jobs", "{\"name\": \"b\", \"handler\": \"fatal\"}")
            .data()
            .get("id")
            .asText();
    JsonNode c2 = claimOne("fatal");
    Http.Reply gaveUp =
        acme.post(
            "/v1/worker/executions/" + c2.get("execution_id").asText() + "/fail",
            "{\"error\": \"bad card\\u0000\", \"retryable\": false}");
    assertThat(gaveUp.status()).as(gaveUp.text()).isEqualTo(200);
    assertThat(gaveUp.data().get("status").asText()).isEqualTo("failed");
    assertThat(acme.get("/v1/jobs/" + fatal).data().get("status").asText()).isEqualTo("failed");

    Http.Reply badBody =
        acme.post(
            "/v1/worker/executions/" + c2.get("execution_id").asText() + "/fail",
            "{\"error\": 5, \"retryable\": \"yes\", \"colour\": 1}");
    assertThat(badBody.status()).isEqualTo(422);
    assertThat(badBody.json().get("errors").findValuesAsText("field"))
        .contains("error", "retryable", "colour");
  }

  JsonNode claimOne(String handler) {
    Http.Reply claim =
        acme.post(
            "/v1/worker/jobs/claim", "{\"handlers\": [\"" + handler + "\"], \"wait_seconds\": 10}");
    assertThat(claim.data()).as(claim.text()).hasSize(1);
    return claim.data().get(0);
  }

  @Test
  void a_report_after_the_lease_ended_is_409_lease_expired() {
    acme.post("/v1/jobs", "{\"name\": \"a\", \"handler\": \"slow\", \"timeout\": 1}");
    JsonNode c = claimOne("slow");
    Instant deadline = Instant.parse(c.get("deadline").asText());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(deadline.plusMillis(50)));
    Http.Reply late =
        acme.post("/v1/worker/executions/" + c.get("execution_id").asText() + "/complete", "{}");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.code()).isEqualTo("lease_expired");
  }

  @Test
  void a_waiting_claim_returns_when_a_matching_job_is_submitted() throws Exception {
    CompletableFuture<Http.Reply> waiting =
        CompletableFuture.supplyAsync(
            () ->
                acme.post(
                    "/v1/worker/jobs/claim", "{\"handlers\": [\"wake\"], \"wait_seconds\": 20}"));
    // The claim is waiting (it has not answered) when the job is submitted.
    Awaitility.await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !waiting.isDone());
    long submitted = System.nanoTime();
    acme.post("/v1/jobs", "{\"name\": \"w\", \"handler\": \"wake\"}");
    Http.Reply r = waiting.get(15, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - submitted) / 1_000_000;
    System.out.println("HTTP long-poll woke " + tookMs + " ms after the submit");
    assertThat(r.data()).hasSize(1);
    assertThat(tookMs).isLessThan(10_000); // far below the 20 s wait: woken, not timed out
  }

  @Test
  void a_claim_with_nothing_due_answers_an_empty_list_when_its_wait_ends() {
    Http.Reply r =
        acme.post("/v1/worker/jobs/claim", "{\"handlers\": [\"idle\"], \"wait_seconds\": 1}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data()).isEmpty();
    Http.Reply bad =
        acme.post("/v1/worker/jobs/claim", "{\"handlers\": [], \"max\": 0, \"wait_seconds\": 21}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("errors").findValuesAsText("field"))
        .contains("handlers", "max", "wait_seconds");
    Http.Reply spaced =
        acme.post("/v1/worker/jobs/claim", "{\"handlers\": [\" padded \", \"tab\\there\"]}");
    assertThat(spaced.status()).isEqualTo(422);
    assertThat(spaced.json().get("errors").findValuesAsText("field"))
        .containsExactly("handlers[0]", "handlers[1]");
  }

  @Test
  void a_worker_never_gets_another_accounts_job() {
    String id =
        acme.post("/v1/jobs", "{\"name\": \"a\", \"handler\": \"shared\"}")
            .data()
            .get("id")
            .asText();
    Http.Reply r =
        other.post("/v1/worker/jobs/claim", "{\"handlers\": [\"shared\"], \"wait_seconds\": 0}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data()).isEmpty();
    // Never claimed for the wrong account: the right account's worker gets it.
    JsonNode mine = claimOne("shared");
    assertThat(mine.get("job_id").asText()).isEqualTo(id);
  }

  @Test
  void admin_keys_create_list_and_revoke() {
    Http.Reply created =
        admin.post(
            "/v1/admin/keys", "{\"account\": \"beta\", \"name\": \"svc\", \"read_only\": true}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String secret = created.data().get("secret").asText();
    assertThat(secret).startsWith("chrns_");
    Http beta = acme.as(secret);
    assertThat(beta.get("/v1/jobs").status()).isEqualTo(200);
    assertThat(beta.post("/v1/jobs", UPLOAD).status()).isEqualTo(403);
    Http.Reply list = admin.get("/v1/admin/keys");
    assertThat(list.text()).doesNotContain(secret).doesNotContain(f.acme.secret());
    assertThat(list.data().findValuesAsText("account")).contains("beta", "acme", "other");
    String id = created.data().get("id").asText();
    assertThat(admin.post("/v1/admin/keys/" + id + "/revoke", null).status()).isEqualTo(200);
    assertThat(beta.get("/v1/jobs").status()).isEqualTo(401);
    assertThat(admin.post("/v1/admin/keys/" + id + "/revoke", null).status()).isEqualTo(404);
    assertThat(
            admin
                .post("/v1/admin/keys", "{\"name\": 3}")
                .json()
                .get("errors")
                .findValuesAsText("field"))
        .contains("account", "name");
  }

  @Test
  void a_key_over_its_rate_limit_gets_429_with_retry_after() {
    NewApiKey limited = f.keys.create("acme", "tight", false, false, 2);
    Http h = acme.as(limited.secret());
    assertThat(h.get("/v1/jobs").status()).isEqualTo(200);
    assertThat(h.get("/v1/jobs").status()).isEqualTo(200);
    Http.Reply r = h.get("/v1/jobs");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.code()).isEqualTo("rate_limit_exceeded");
    assertThat(Integer.parseInt(r.header("Retry-After").orElseThrow())).isBetween(1, 10);
    assertThat(acme.get("/v1/jobs").status()).isEqualTo(200); // other keys are not affected
  }

  @Test
  void cors_is_off_unless_configured() throws Exception {
    java.net.http.HttpRequest preflight =
        java.net.http.HttpRequest.newBuilder(acme.base().resolve("v1/jobs"))
            .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
            .header("Origin", "https://ops.example.com")
            .build();
    Http.Reply off = acme.send(preflight);
    assertThat(off.header("Access-Control-Allow-Origin")).isEmpty();
    assertThat(acme.get("/v1/jobs").header("Access-Control-Allow-Origin")).isEmpty();
    try (ApiFixture c =
        new ApiFixture(
            adapter(), new InMemoryApiKeyStore(), b -> b.corsOrigins("https://ops.example.com"))) {
      Http h = new Http(c.base, c.acme.secret());
      java.net.http.HttpRequest p =
          java.net.http.HttpRequest.newBuilder(c.base.resolve("v1/jobs"))
              .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
              .header("Origin", "https://ops.example.com")
              .build();
      Http.Reply on = h.send(p);
      assertThat(on.status()).isEqualTo(204);
      assertThat(on.header("Access-Control-Allow-Origin")).hasValue("https://ops.example.com");
      java.net.http.HttpRequest evil =
          java.net.http.HttpRequest.newBuilder(c.base.resolve("v1/jobs"))
              .header("Origin", "https://evil.example.com")
              .header("Authorization", "Bearer " + c.acme.secret())
              .build();
      assertThat(h.send(evil).header("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void operations_retry_run_now_pause_and_resume() {
    String failed =
        acme.post("/v1/jobs", "{\"name\": \"f\", \"handler\": \"once\", \"max_retries\": 0}")
            .data()
            .get("id")
            .asText();
    JsonNode c = claimOne("once");
    acme.post(
        "/v1/worker/executions/" + c.get("execution_id").asText() + "/fail", "{\"error\": \"x\"}");
    assertThat(acme.get("/v1/jobs/" + failed).data().get("status").asText()).isEqualTo("failed");
    assertThat(other.post("/v1/jobs/" + failed + "/retry", null).code()).isEqualTo("job_not_found");
    assertThat(readOnly.post("/v1/jobs/" + failed + "/retry", null).status()).isEqualTo(403);
    Http.Reply retried = acme.post("/v1/jobs/" + failed + "/retry", null);
    assertThat(retried.status()).as(retried.text()).isEqualTo(200);
    assertThat(retried.data().get("status").asText()).isEqualTo("retrying");
    assertThat(acme.post("/v1/jobs/" + failed + "/retry", null).code()).isEqualTo("conflict");
    assertThat(claimOne("once").get("job_id").asText()).isEqualTo(failed);
    assertThat(acme.get("/v1/jobs/" + failed + "/executions").data().get(1).get("trigger").asText())
        .isEqualTo("manual");

    String later =
        acme.post(
                "/v1/jobs",
                "{\"name\": \"l\", \"handler\": \"later\", \"delay\": {\"value\": 1, \"unit\": \"day\"}}")
            .data()
            .get("id")
            .asText();
    Http.Reply run = acme.post("/v1/jobs/" + later + "/run", null);
    assertThat(run.status()).as(run.text()).isEqualTo(200);
    assertThat(Instant.parse(run.data().get("run_at").asText()))
        .isBefore(Instant.now().plusSeconds(5));
    assertThat(claimOne("later").get("job_id").asText()).isEqualTo(later);
    assertThat(acme.post("/v1/jobs/" + later + "/run", null).code()).isEqualTo("conflict");
    assertThat(acme.post("/v1/jobs/" + later + "/run", "{\"colour\": 1}").status()).isEqualTo(422);

    String s =
        acme.post("/v1/schedules", "{\"name\": \"d\", \"handler\": \"h\", \"cron\": \"0 9 * * *\"}")
            .data()
            .get("id")
            .asText();
    assertThat(readOnly.post("/v1/schedules/" + s + "/pause", null).status()).isEqualTo(403);
    assertThat(other.post("/v1/schedules/" + s + "/pause", null).code())
        .isEqualTo("schedule_not_found");
    Http.Reply paused = acme.post("/v1/schedules/" + s + "/pause", null);
    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    assertThat(paused.data().get("status").asText()).isEqualTo("paused");
    assertThat(acme.get("/v1/schedules?status=paused").data()).hasSize(1);
    Http.Reply resumed = acme.post("/v1/schedules/" + s + "/resume", null);
    assertThat(resumed.data().get("status").asText()).isEqualTo("active");
    acme.post("/v1/schedules/" + s + "/archive", null);
    assertThat(acme.post("/v1/schedules/" + s + "/pause", null).code())
        .isEqualTo("schedule_archived");
    assertThat(acme.post("/v1/schedules/" + s + "/resume", null).code())
        .isEqualTo("schedule_archived");
  }
}
