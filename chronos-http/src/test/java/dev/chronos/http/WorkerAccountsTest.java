package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workers of two accounts on one handler name, over real HTTP: each claims, waits for and is woken
 * by its own account's jobs only, and the other account's jobs are never claimed on its behalf (no
 * execution is started and given back).
 */
class WorkerAccountsTest {
  private ApiFixture f;
  private Http acme;
  private Http other;

  @BeforeEach
  void start() {
    f = new ApiFixture(ApiFixture.Adapter.JETTY);
    acme = f.http(f.acme);
    other = f.http(f.other);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static String submit(Http as, String name) {
    Http.Reply r = as.post("/v1/jobs", "{\"name\": \"" + name + "\", \"handler\": \"shared\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.data().get("id").asText();
  }

  private static List<String> claim(Http as, int max, int waitSeconds) {
    Http.Reply r =
        as.post(
            "/v1/worker/jobs/claim",
            "{\"handlers\": [\"shared\"], \"max\": "
                + max
                + ", \"wait_seconds\": "
                + waitSeconds
                + "}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.data().forEach(c -> ids.add(c.get("job_id").asText()));
    return ids;
  }

  private int executions(Http as, String jobId) {
    JsonNode data = as.get("/v1/jobs/" + jobId + "/executions").data();
    return data.size();
  }

  @Test
  void each_accounts_worker_claims_only_its_own_jobs_of_a_shared_handler_name() {
    // The other account's jobs are older, so a claim blind to accounts would take them first.
    List<String> theirs = List.of(submit(other, "o1"), submit(other, "o2"), submit(other, "o3"));
    List<String> mine = List.of(submit(acme, "a1"), submit(acme, "a2"));

    assertThat(claim(acme, 10, 0)).containsExactlyElementsOf(mine);
    assertThat(claim(acme, 10, 0)).isEmpty();
    assertThat(claim(other, 10, 0)).containsExactlyElementsOf(theirs);
    // One attempt each: nothing was claimed for the wrong account and given back.
    for (String id : mine) {
      assertThat(executions(acme, id)).isEqualTo(1);
    }
    for (String id : theirs) {
      assertThat(executions(other, id)).isEqualTo(1);
    }
  }

  @Test
  void a_waiting_worker_is_not_answered_with_another_accounts_job() throws Exception {
    CompletableFuture<List<String>> waiting =
        CompletableFuture.supplyAsync(() -> claim(other, 1, 20));
    Awaitility.await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !waiting.isDone());

    String acmeJob = submit(acme, "for acme");
    // The other account's long-poll goes on waiting (for well past the node's wake-up latency)
    // while acme's job is due and unclaimed.
    Awaitility.await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !waiting.isDone());
    assertThat(claim(acme, 1, 0)).containsExactly(acmeJob);
    assertThat(executions(acme, acmeJob)).isEqualTo(1);

    String otherJob = submit(other, "for other");
    assertThat(waiting.get(15, TimeUnit.SECONDS)).containsExactly(otherJob);
  }

  @Test
  void two_accounts_workers_polling_at_once_each_finish_their_own_jobs_exactly_once()
      throws Exception {
    List<String> mine = new ArrayList<>();
    List<String> theirs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      mine.add(submit(acme, "a" + i));
      theirs.add(submit(other, "o" + i));
    }
    CompletableFuture<List<String>> acmeWorker = CompletableFuture.supplyAsync(() -> drain(acme));
    CompletableFuture<List<String>> otherWorker = CompletableFuture.supplyAsync(() -> drain(other));

    assertThat(acmeWorker.get(60, TimeUnit.SECONDS)).containsExactlyInAnyOrderElementsOf(mine);
    assertThat(otherWorker.get(60, TimeUnit.SECONDS)).containsExactlyInAnyOrderElementsOf(theirs);
  }

  /** Claims three at a time and completes each until a claim finds nothing. */
  private static List<String> drain(Http as) {
    List<String> done = new ArrayList<>();
    while (true) {
      Http.Reply r =
          as.post(
              "/v1/worker/jobs/claim",
              "{\"handlers\": [\"shared\"], \"max\": 3, \"wait_seconds\": 0}");
      if (r.data().isEmpty()) {
        return done;
      }
      for (JsonNode c : r.data()) {
        Http.Reply ok =
            as.post(
                "/v1/worker/executions/" + c.get("execution_id").asText() + "/complete",
                "{\"result\": {\"ok\": true}}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        done.add(c.get("job_id").asText());
      }
    }
  }
}
