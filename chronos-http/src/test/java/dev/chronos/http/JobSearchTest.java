package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.JobRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /v1/jobs} with the dashboard's filters, through both adapters: kind, time range,
 * idempotency key, {@code q}, payload fields, keyset paging with {@code next_cursor}, the scan cap
 * and bad parameters.
 */
class JobSearchTest {
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

  JsonNode submit(String body) {
    Http.Reply r = acme.post("/v1/jobs", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.data();
  }

  List<String> ids(String query) {
    Http.Reply r = acme.get("/v1/jobs?" + query);
    assertThat(r.status()).as(query + ": " + r.text()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.data().forEach(j -> ids.add(j.get("id").asText()));
    return ids;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void filters_by_kind_key_search_payload_and_time_range(ApiFixture.Adapter adapter) {
    start(adapter);
    String later = ", \"scheduled_for\": \"2035-01-01T00:00:00Z\"";
    JsonNode a =
        submit(
            "{\"name\": \"a\", \"handler\": \"h\", \"idempotency_key\": \"order-1\","
                + " \"payload\": {\"fileId\": \"file_1\", \"count\": 3, \"urgent\": true}"
                + later
                + "}");
    JsonNode b =
        submit(
            "{\"name\": \"b\", \"handler\": \"h\", \"payload\": {\"fileId\": \"file_2\", \"count\": 3.0}"
                + later
                + "}");
    JsonNode c =
        submit("{\"name\": \"c\", \"handler\": \"h\", \"payload\": {\"fileId\": 1}" + later + "}");
    String sched =
        acme.post("/v1/schedules", "{\"name\": \"s\", \"handler\": \"h\", \"cron\": \"0 9 * * *\"}")
            .data()
            .get("id")
            .asText();
    JsonNode d = acme.post("/v1/schedules/" + sched + "/trigger", null).data();
    String idA = a.get("id").asText();
    String idB = b.get("id").asText();
    String idC = c.get("id").asText();
    String idD = d.get("id").asText();

    assertThat(ids("kind=scheduled")).containsExactly(idD);
    assertThat(ids("kind=one_off")).containsExactly(idC, idB, idA);
    assertThat(ids("idempotency_key=order-1")).containsExactly(idA);
    assertThat(ids("q=order-1")).containsExactly(idA);
    assertThat(ids("q=" + idB)).containsExactly(idB);
    assertThat(ids("q=" + idB + "&handler=other")).isEmpty();
    assertThat(ids("q=nothing-like-it")).isEmpty();
    assertThat(ids("payload.fileId=file_2")).containsExactly(idB);
    assertThat(ids("payload.fileId=1")).containsExactly(idC);
    assertThat(ids("payload.count=3")).containsExactly(idB, idA);
    assertThat(ids("payload.count=3&payload.urgent=true")).containsExactly(idA);
    assertThat(ids("payload.missing=x")).isEmpty();

    Instant createdB = Instant.parse(b.get("created_at").asText());
    assertThat(ids("created_before=" + enc(createdB.toString()))).containsExactly(idA);
    assertThat(ids("created_after=" + enc(createdB.toString()))).containsExactly(idD, idC);
    assertThat(
            ids(
                "created_after="
                    + enc(a.get("created_at").asText())
                    + "&created_before="
                    + enc(c.get("created_at").asText())))
        .containsExactly(idB);

    Http.Reply searched = acme.get("/v1/jobs?payload.count=3");
    JsonNode meta = searched.json().get("meta");
    assertThat(meta.get("scanned").asInt()).isEqualTo(4);
    assertThat(meta.get("scan_capped").asBoolean()).isFalse();
    assertThat(meta.get("total_is_exact").asBoolean()).isTrue();
    assertThat(meta.get("paging").get("total").asLong()).isEqualTo(2);
    assertThat(meta.get("next_cursor").isNull()).isTrue();
    // Another account's jobs are never found, by id or by key.
    assertThat(f.http(f.other).get("/v1/jobs?q=" + idA).data()).isEmpty();
    assertThat(f.http(f.other).get("/v1/jobs?q=order-1").data()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void keyset_pages_follow_next_cursor_with_and_without_search_filters(ApiFixture.Adapter adapter) {
    start(adapter);
    List<JobRequest> requests = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      requests.add(
          JobRequest.builder()
              .account("acme")
              .name("j" + i)
              .handler("h")
              .payload(Map.of("even", i % 2 == 0))
              .scheduledFor(Instant.parse("2035-01-01T00:00:00Z"))
              .build());
    }
    f.chronos.submitAll(requests);
    for (String filter : List.of("", "payload.even=true&")) {
      Set<String> seen = new HashSet<>();
      String cursor = null;
      int pages = 0;
      do {
        Http.Reply r =
            acme.get("/v1/jobs?" + filter + "size=4" + (cursor == null ? "" : "&after=" + cursor));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        r.data().forEach(j -> assertThat(seen.add(j.get("id").asText())).isTrue());
        JsonNode next = r.json().at("/meta/next_cursor");
        cursor = next.isNull() ? null : next.asText();
        pages++;
      } while (cursor != null && pages < 20);
      assertThat(seen).as(filter).hasSize(filter.isEmpty() ? 25 : 13);
    }
    Http.Reply first = acme.get("/v1/jobs?size=4");
    assertThat(first.json().at("/meta/total_is_exact").asBoolean()).isTrue();
    assertThat(first.json().at("/meta/paging/total").asLong()).isEqualTo(25);
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void a_search_reads_at_most_the_scan_cap_and_its_cursor_goes_on_from_there(
      ApiFixture.Adapter adapter) {
    start(adapter);
    Instant later = Instant.parse("2035-01-01T00:00:00Z");
    f.chronos.submit(
        JobRequest.builder()
            .account("acme")
            .name("needle")
            .handler("h")
            .idempotencyKey("needle-key")
            .payload(Map.of("tag", "needle"))
            .scheduledFor(later)
            .build());
    List<JobRequest> hay = new ArrayList<>();
    for (int i = 0; i < 5_050; i++) {
      hay.add(
          JobRequest.builder()
              .account("acme")
              .name("hay")
              .handler("h")
              .payload(Map.of("tag", "hay"))
              .scheduledFor(later)
              .build());
      if (hay.size() == 1_000) {
        f.chronos.submitAll(hay);
        hay.clear();
      }
    }
    f.chronos.submitAll(hay);

    Http.Reply capped = acme.get("/v1/jobs?payload.tag=needle");
    assertThat(capped.status()).isEqualTo(200);
    assertThat(capped.data()).isEmpty();
    JsonNode meta = capped.json().get("meta");
    assertThat(meta.get("scanned").asInt()).isEqualTo(5_000);
    assertThat(meta.get("scan_capped").asBoolean()).isTrue();
    assertThat(meta.get("total_is_exact").asBoolean()).isFalse();
    String cursor = meta.get("next_cursor").asText();

    Http.Reply rest = acme.get("/v1/jobs?payload.tag=needle&after=" + cursor);
    assertThat(rest.data()).hasSize(1);
    assertThat(rest.data().get(0).get("name").asText()).isEqualTo("needle");
    assertThat(rest.json().at("/meta/scanned").asInt()).isEqualTo(51);
    assertThat(rest.json().at("/meta/scan_capped").asBoolean()).isFalse();
    assertThat(rest.json().at("/meta/next_cursor").isNull()).isTrue();

    // An idempotency key is one lookup in the key's index, wherever the job is in the list (this
    // one is behind 5,050 newer jobs, past the scan cap); the other filters apply to what it finds.
    for (String query :
        List.of("idempotency_key=needle-key", "q=needle-key", "q=needle-key&payload.tag=needle")) {
      Http.Reply byKey = acme.get("/v1/jobs?" + query);
      assertThat(byKey.data()).as(query).hasSize(1);
      assertThat(byKey.data().get(0).get("name").asText()).isEqualTo("needle");
      assertThat(byKey.json().at("/meta/scanned").asInt()).as(query).isEqualTo(1);
      assertThat(byKey.json().at("/meta/scan_capped").asBoolean()).isFalse();
      assertThat(byKey.json().at("/meta/total_is_exact").asBoolean()).isTrue();
    }
    assertThat(ids("q=needle-key&payload.tag=hay")).isEmpty();
    assertThat(ids("idempotency_key=needle-key&handler=other")).isEmpty();
    assertThat(ids("idempotency_key=needle-key&status=running")).isEmpty();
    assertThat(ids("idempotency_key=no-such-key")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void bad_parameters_are_422_naming_each(ApiFixture.Adapter adapter) {
    start(adapter);
    String[][] cases = {
      {"created_after=yesterday", "created_after"},
      {"created_before=2026-13-01T00:00:00Z", "created_before"},
      {"created_after=2026-02-01T00:00:00Z&created_before=2026-01-01T00:00:00Z", "created_after"},
      {"kind=weekly", "kind"},
      {"kind=one_off&schedule_id=null", "kind"},
      {"payload.=x", "payload."},
      {"idempotency_key=", "idempotency_key"},
      {"q=", "q"},
      {"after=not-a-cursor", "after"},
      {"size=1000", "size"},
      {"sort=name", "sort"},
    };
    for (String[] c : cases) {
      Http.Reply r = acme.get("/v1/jobs?" + c[0]);
      assertThat(r.status()).as(c[0]).isEqualTo(422);
      assertThat(r.json().at("/errors/0/field").asText()).as(c[0]).isEqualTo(c[1]);
    }
    Http.Reply many = acme.get("/v1/jobs?kind=x&created_after=y&size=0");
    assertThat(many.json().get("errors")).hasSize(3);
  }
}
