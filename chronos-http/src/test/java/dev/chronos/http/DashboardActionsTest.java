package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The actions the dashboard adds to the API, through both adapters on loopback: reschedule, bulk
 * retry and cancel with their dry run, a schedule's trigger and its JSON (cadence in words, next
 * fires, jobs spawned), and the audit log of what was done. Bad input is a 422 naming the field and
 * changes nothing.
 */
class DashboardActionsTest {
  ApiFixture f;
  Http acme;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  void start(ApiFixture.Adapter adapter) {
    f = new ApiFixture(adapter);
    acme = f.http(f.acme);
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void reschedule_moves_a_pending_job_and_refuses_bad_times_by_name(ApiFixture.Adapter adapter) {
    start(adapter);
    UUID id = submit("later", "2035-01-01T00:00:00Z");
    Http.Reply moved =
        acme.post("/v1/jobs/" + id + "/reschedule", "{\"run_at\": \"2034-06-01T12:00:00Z\"}");
    assertThat(moved.status()).as(moved.text()).isEqualTo(200);
    assertThat(moved.data().get("run_at").asText()).isEqualTo("2034-06-01T12:00:00Z");

    for (String body :
        List.of(
            "{}",
            "{\"run_at\": \"tomorrow\"}",
            "{\"run_at\": 5}",
            "{\"run_at\": \"2001-01-01T00:00:00Z\"}")) {
      Http.Reply bad = acme.post("/v1/jobs/" + id + "/reschedule", body);
      assertThat(bad.status()).as(body).isEqualTo(422);
      assertThat(bad.json().at("/errors/0/field").asText()).as(body).isEqualTo("run_at");
    }
    Http.Reply unknown =
        acme.post(
            "/v1/jobs/" + id + "/reschedule",
            "{\"run_at\": \"2033-01-01T00:00:00Z\", \"when\": 1}");
    assertThat(unknown.json().at("/errors/0/field").asText()).isEqualTo("when");
    assertThat(f.chronos.job("acme", id).orElseThrow().runAt().toString())
        .isEqualTo("2034-06-01T12:00:00Z");

    assertThat(
            f.http(f.other)
                .post("/v1/jobs/" + id + "/reschedule", "{\"run_at\": \"2033-01-01T00:00:00Z\"}")
                .code())
        .isEqualTo("job_not_found");
    acme.post("/v1/jobs/" + id + "/cancel", null);
    assertThat(
            acme.post("/v1/jobs/" + id + "/reschedule", "{\"run_at\": \"2033-01-01T00:00:00Z\"}")
                .code())
        .isEqualTo("conflict");
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void bulk_retry_and_cancel_preview_a_count_then_act_on_the_same_jobs(ApiFixture.Adapter adapter) {
    start(adapter);
    List<UUID> failed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      failed.add(submit("resize", null));
    }
    failAll("resize", 3);
    UUID pending = submit("resize", "2035-01-01T00:00:00Z");
    UUID otherHandler = submit("email", "2035-01-01T00:00:00Z");
    submitAs(f.other, "resize"); // another account's job is never counted

    JsonNode preview =
        ok(acme.post("/v1/jobs/bulk/retry", "{\"handler\": \"resize\", \"dry_run\": true}"));
    assertThat(preview.get("dry_run").asBoolean()).isTrue();
    assertThat(preview.get("count").asLong()).isEqualTo(3);
    assertThat(preview.get("count_is_exact").asBoolean()).isTrue();
    assertThat(
            ok(acme.post(
                    "/v1/jobs/bulk/retry",
                    "{\"status\": [\"pending\", \"failed\"], \"dry_run\": true}"))
                .get("count")
                .asLong())
        .isEqualTo(3);
    assertThat(
            ok(acme.post("/v1/jobs/bulk/retry", "{\"status\": \"pending\", \"dry_run\": true}"))
                .get("count")
                .asLong())
        .isZero();
    assertThat(statuses(failed)).containsOnly(JobStatus.FAILED); // a preview changes nothing

    JsonNode stats = ok(acme.get("/v1/stats"));
    assertThat(stats.get("jobs").get("failed").asLong()).isEqualTo(3);
    assertThat(stats.get("jobs_exact").asBoolean()).isTrue();
    assertThat(stats.get("nodes")).hasSize(1);
    assertThat(stats.get("nodes").get(0).get("id").asText()).isEqualTo(f.chronos.nodeId());
    assertThat(stats.get("throughput").get("failed")).hasSize(60);
    // The node's listener runs on its own thread: the figures follow within moments.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> sum(ok(acme.get("/v1/stats")).get("throughput").get("failed")) == 3);
    assertThat(ok(acme.get("/v1/stats")).get("lateness").get("attempts").asInt()).isEqualTo(3);
    assertThat(sum(ok(f.http(f.other).get("/v1/stats")).get("throughput").get("failed"))).isZero();

    JsonNode retried = ok(acme.post("/v1/jobs/bulk/retry", "{\"handler\": \"resize\"}"));
    assertThat(retried.get("retried").asLong()).isEqualTo(3);
    assertThat(statuses(failed)).containsOnly(JobStatus.RETRYING);

    JsonNode cancelPreview =
        ok(acme.post("/v1/jobs/bulk/cancel", "{\"kind\": \"one_off\", \"dry_run\": true}"));
    assertThat(cancelPreview.get("count").asLong()).isEqualTo(5); // 3 retrying, 2 pending
    JsonNode cancelled =
        ok(acme.post("/v1/jobs/bulk/cancel", "{\"handler\": \"resize\", \"status\": \"pending\"}"));
    assertThat(cancelled.get("cancelled").asLong()).isEqualTo(1);
    assertThat(f.chronos.job("acme", pending).orElseThrow().status())
        .isEqualTo(JobStatus.CANCELLED);
    assertThat(f.chronos.job("acme", otherHandler).orElseThrow().status())
        .isEqualTo(JobStatus.PENDING);
    assertThat(statuses(failed)).containsOnly(JobStatus.RETRYING);

    // The retried jobs' next attempts are recorded as started by hand.
    int claimed = 0;
    while (claimed < 3) {
      claimed +=
          ok(acme.post(
                  "/v1/worker/jobs/claim",
                  "{\"handlers\": [\"resize\"], \"max\": 3, \"wait_seconds\": 10}"))
              .size();
    }
    for (UUID id : failed) {
      JsonNode executions = ok(acme.get("/v1/jobs/" + id + "/executions"));
      assertThat(executions).hasSize(2);
      assertThat(executions.get(0).get("trigger").asText()).isEqualTo("submit");
      assertThat(executions.get(1).get("trigger").asText()).isEqualTo("manual");
    }
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void bulk_actions_refuse_an_empty_filter_and_filters_the_store_does_not_apply(
      ApiFixture.Adapter adapter) {
    start(adapter);
    UUID pending = submit("resize", "2035-01-01T00:00:00Z");
    String[][] cases = {
      {"{}", "status"},
      {"{\"dry_run\": false}", "status"},
      {"{\"created_after\": \"2026-01-01T00:00:00Z\"}", "created_after"},
      {"{\"handler\": \"resize\", \"payload.fileId\": \"x\"}", "payload.fileId"},
      {"{\"handler\": \"resize\", \"q\": \"x\"}", "q"},
      {"{\"kind\": \"scheduled\"}", "kind"},
      {"{\"status\": \"bogus\"}", "status"},
      {"{\"status\": [1]}", "status"},
      {"{\"handler\": \"resize\", \"dry_run\": \"yes\"}", "dry_run"},
      {"{\"handler\": \"resize\", \"limit\": 3}", "limit"},
      {"{\"schedule_id\": \"nope\"}", "schedule_id"},
    };
    for (String[] c : cases) {
      Http.Reply r = acme.post("/v1/jobs/bulk/cancel", c[0]);
      assertThat(r.status()).as(c[0]).isEqualTo(422);
      assertThat(r.json().at("/errors/0/field").asText()).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(acme.post("/v1/jobs/bulk/cancel", "[]").status()).isEqualTo(422);
    assertThat(f.chronos.job("acme", pending).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    assertThat(acme.get("/v1/audit").data()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void a_triggered_schedule_runs_one_manual_job_now_and_keeps_its_cadence(
      ApiFixture.Adapter adapter) {
    start(adapter);
    JsonNode created =
        ok(
            acme.post(
                "/v1/schedules",
                "{\"name\": \"Digest\", \"handler\": \"digest\", \"cron\": \"0 9 * * 1-5\","
                    + " \"timezone\": \"Europe/London\", \"payload\": {\"scope\": \"all\"}}"));
    String id = created.get("id").asText();
    assertThat(created.get("cadence_description").asText())
        .isEqualTo("every weekday at 09:00, Europe/London");
    assertThat(created.get("next_fires")).hasSize(5);
    assertThat(created.get("next_fires").get(0).asText())
        .isEqualTo(created.get("next_run_at").asText());
    JsonNode before = ok(acme.get("/v1/schedules/" + id));
    assertThat(before.get("jobs_spawned").asLong()).isZero();
    assertThat(before.get("jobs_spawned_is_exact").asBoolean()).isTrue();
    assertThat(ok(acme.get("/v1/schedules")).get(0).get("cadence_description").asText())
        .isEqualTo("every weekday at 09:00, Europe/London");

    Http.Reply triggered = acme.post("/v1/schedules/" + id + "/trigger", null);
    assertThat(triggered.status()).as(triggered.text()).isEqualTo(201);
    JsonNode job = triggered.data();
    assertThat(job.get("schedule_id").asText()).isEqualTo(id);
    assertThat(job.get("handler").asText()).isEqualTo("digest");
    assertThat(job.get("payload").get("scope").asText()).isEqualTo("all");
    assertThat(job.get("status").asText()).isEqualTo("pending");
    JsonNode after = ok(acme.get("/v1/schedules/" + id));
    assertThat(after.get("jobs_spawned").asLong()).isEqualTo(1);
    assertThat(after.get("next_run_at")).isEqualTo(before.get("next_run_at"));
    assertThat(after.get("run_count")).isEqualTo(before.get("run_count"));
    assertThat(ok(acme.get("/v1/jobs?schedule_id=" + id))).hasSize(1);

    JsonNode claim =
        ok(
            acme.post(
                "/v1/worker/jobs/claim", "{\"handlers\": [\"digest\"], \"wait_seconds\": 10}"));
    assertThat(claim).hasSize(1);
    JsonNode executions = ok(acme.get("/v1/jobs/" + job.get("id").asText() + "/executions"));
    assertThat(executions.get(0).get("trigger").asText()).isEqualTo("manual");

    assertThat(f.http(f.other).post("/v1/schedules/" + id + "/trigger", null).code())
        .isEqualTo("schedule_not_found");
    assertThat(acme.post("/v1/schedules/" + id + "/trigger", "{\"now\": true}").status())
        .isEqualTo(422);
    acme.post("/v1/schedules/" + id + "/archive", null);
    assertThat(acme.post("/v1/schedules/" + id + "/trigger", null).code())
        .isEqualTo("schedule_archived");
    assertThat(ok(acme.get("/v1/schedules/" + id)).get("next_fires")).isEmpty();
    assertThat(ok(acme.get("/v1/audit")))
        .extracting(e -> e.get("action").asText() + " " + e.get("target").asText())
        .containsExactly(
            "schedule.archive schedule:" + id,
            "schedule.trigger schedule:" + id,
            "schedule.create schedule:" + id);
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void every_successful_write_is_in_the_audit_log_with_its_key_and_nothing_else(
      ApiFixture.Adapter adapter) {
    start(adapter);
    UUID id = submit("resize", "2035-01-01T00:00:00Z");
    acme.post("/v1/jobs/" + id + "/reschedule", "{\"run_at\": \"2034-01-01T00:00:00Z\"}");
    acme.post("/v1/jobs/bulk/cancel", "{\"handler\": \"resize\", \"dry_run\": true}");
    acme.post("/v1/jobs/" + id + "/cancel", null);
    acme.post("/v1/jobs/" + id + "/cancel", null); // a 409: not recorded
    Http.Reply login = f.http(null).post("/ui/session", "{\"key\": \"" + f.admin.secret() + "\"}");
    String cookie = login.header("Set-Cookie").orElseThrow().split(";")[0];
    Http session =
        f.http(null)
            .with("Cookie", cookie)
            .with("X-CSRF-Token", login.data().get("csrf_token").asText());
    assertThat(session.post("/v1/jobs/bulk/cancel", "{\"handler\": \"nothing\"}").status())
        .isEqualTo(200);

    Http.Reply audit = f.http(f.readOnly).get("/v1/audit?size=10");
    assertThat(audit.status()).isEqualTo(200);
    JsonNode entries = audit.data();
    assertThat(entries)
        .extracting(e -> e.get("action").asText())
        .containsExactly("jobs.bulk_cancel", "session.login", "job.cancel", "job.reschedule");
    JsonNode bulk = entries.get(0);
    assertThat(bulk.get("key_name").asText()).isEqualTo("ops");
    assertThat(bulk.get("via").asText()).isEqualTo("session");
    assertThat(bulk.get("target").isNull()).isTrue();
    assertThat(bulk.get("detail").get("request").get("handler").asText()).isEqualTo("nothing");
    assertThat(bulk.get("detail").get("result").get("cancelled").asLong()).isZero();
    assertThat(entries.get(1).get("detail").isNull()).isTrue(); // never the key
    assertThat(audit.text()).doesNotContain(f.admin.secret());
    JsonNode cancel = entries.get(2);
    assertThat(cancel.get("target").asText()).isEqualTo("job:" + id);
    assertThat(cancel.get("key_id").asText()).isEqualTo(f.acme.key().id().toString());
    assertThat(cancel.get("via").asText()).isEqualTo("bearer");
    assertThat(cancel.get("account").asText()).isEqualTo("acme");
    assertThat(entries.get(3).get("detail").get("request").get("run_at").asText())
        .isEqualTo("2034-01-01T00:00:00Z");
    assertThat(audit.json().at("/meta/paging/total").asLong()).isEqualTo(4);

    assertThat(f.http(f.other).get("/v1/audit").data()).isEmpty();
    assertThat(acme.get("/v1/audit?size=0").json().at("/errors/0/field").asText())
        .isEqualTo("size");
    assertThat(acme.get("/v1/audit?page=x").json().at("/errors/0/field").asText())
        .isEqualTo("page");
    assertThat(acme.get("/v1/audit?sort=at").json().at("/errors/0/field").asText())
        .isEqualTo("sort");
  }

  // ---- helpers -------------------------------------------------------------------------------

  static long sum(JsonNode counts) {
    long total = 0;
    for (JsonNode n : counts) {
      total += n.asLong();
    }
    return total;
  }

  static JsonNode ok(Http.Reply r) {
    assertThat(r.status()).as(r.text()).isBetween(200, 201);
    return r.data();
  }

  UUID submit(String handler, String at) {
    return submit(acme, handler, at);
  }

  /** Submits a job of a handler through the API, due at a time or now (null). */
  static UUID submit(Http http, String handler, String at) {
    String body =
        "{\"name\": \"n\", \"handler\": \""
            + handler
            + "\""
            + (at == null ? "" : ", \"scheduled_for\": \"" + at + "\"")
            + "}";
    return UUID.fromString(ok(http.post("/v1/jobs", body)).get("id").asText());
  }

  void submitAs(NewApiKey key, String handler) {
    ok(f.http(key).post("/v1/jobs", "{\"name\": \"n\", \"handler\": \"" + handler + "\"}"));
  }

  /** Claims {@code n} due jobs of a handler over the worker protocol and fails each for good. */
  void failAll(String handler, int n) {
    int done = 0;
    while (done < n) {
      JsonNode claimed =
          ok(
              acme.post(
                  "/v1/worker/jobs/claim",
                  "{\"handlers\": [\""
                      + handler
                      + "\"], \"max\": "
                      + n
                      + ", \"wait_seconds\": 10}"));
      for (JsonNode c : claimed) {
        ok(
            acme.post(
                "/v1/worker/executions/" + c.get("execution_id").asText() + "/fail",
                "{\"error\": \"boom\", \"retryable\": false}"));
        done++;
      }
    }
  }

  List<JobStatus> statuses(List<UUID> ids) {
    return ids.stream().map(i -> f.chronos.job("acme", i).orElseThrow().status()).toList();
  }
}
