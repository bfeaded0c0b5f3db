package dev.chronos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.DelayUnit;
import dev.chronos.JobQuery;
import dev.chronos.ScheduleRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-off jobs guide's curl commands, as printed in the guide, run with the real curl binary
 * against a started server; only the host and the key are changed.
 */
class GuideCurlTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  ChronosServer server;
  String key;

  @BeforeEach
  void start() {
    server = ChronosServer.start(TestServers.h2(dir));
    key = server.keys().create("acme", "guide", false).secret();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Map<String, String> guide() throws IOException {
    Map<String, String> blocks = new LinkedHashMap<>();
    try (InputStream in = GuideCurlTest.class.getResourceAsStream("/one-off-jobs-guide.sh")) {
      String name = null;
      StringBuilder b = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("# --- ")) {
          if (name != null) {
            blocks.put(name, b.toString());
          }
          name = line.substring(6).split(" ")[0];
          b.setLength(0);
        } else if (!line.startsWith("#")) {
          b.append(line).append('\n');
        }
      }
      blocks.put(name, b.toString());
    }
    return blocks;
  }

  JsonNode run(String command) throws IOException {
    String script =
        command
            .replace("https://api.chronos.sh", "http://127.0.0.1:" + server.port())
            .replace("chrns_your_api_key", key);
    Shell.Result r = Shell.bash(script, 60);
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void every_command_of_the_guide_gives_its_documented_outcome() throws Exception {
    Map<String, String> guide = guide();
    assertThat(guide)
        .containsOnlyKeys(
            "asap", "delay", "scheduled_for", "idempotency", "push", "retries", "one-off");
    Instant before = Instant.now();

    JsonNode asap = run(guide.get("asap"));
    assertThat(asap.get("success").asBoolean()).as(asap.toString()).isTrue();
    JsonNode job = asap.get("data");
    assertThat(job.get("status").asText()).isEqualTo("pending");
    assertThat(Instant.parse(job.get("run_at").asText()))
        .isEqualTo(Instant.parse(job.get("created_at").asText()));

    JsonNode delayed = run(guide.get("delay")).get("data");
    Instant created = Instant.parse(delayed.get("created_at").asText());
    assertThat(Instant.parse(delayed.get("run_at").asText()))
        .isEqualTo(created.plus(Duration.ofHours(2)));
    assertThat(delayed.get("payload").get("template").asText()).isEqualTo("follow-up");

    JsonNode at = run(guide.get("scheduled_for")).get("data");
    assertThat(at.get("run_at").asText()).isEqualTo("2027-02-15T00:00:00Z");

    JsonNode first = run(guide.get("idempotency"));
    assertThat(first.get("success").asBoolean()).isTrue();
    JsonNode again = run(guide.get("idempotency"));
    assertThat(again.get("success").asBoolean()).isFalse();
    assertThat(again.get("code").asText()).isEqualTo("idempotency_key_conflict");
    assertThat(again.get("data").get("existing_job_id").asText())
        .isEqualTo(first.get("data").get("id").asText());

    JsonNode push = run(guide.get("push")).get("data");
    assertThat(push.get("delivery").get("type").asText()).isEqualTo("push");
    assertThat(push.get("delivery").get("http").get("url").asText())
        .isEqualTo("https://your-app.com/hooks/chronos");
    assertThat(
            server
                .chronos()
                .job("acme", java.util.UUID.fromString(push.get("id").asText()))
                .orElseThrow()
                .delivery()
                .type())
        .isEqualTo("push");

    JsonNode retries = run(guide.get("retries")).get("data");
    assertThat(retries.get("timeout").asInt()).isEqualTo(60);
    assertThat(retries.get("max_retries").asInt()).isEqualTo(5);

    // A schedule's job beside the one-off jobs: the filter leaves it out.
    server
        .chronos()
        .schedules()
        .create(
            ScheduleRequest.builder()
                .account("acme")
                .name("Every second")
                .handler("tick")
                .interval(1, DelayUnit.SECOND)
                .build());
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.chronos().jobs(JobQuery.builder().account("acme").build()).total() > 6);
    JsonNode oneOff = run(guide.get("one-off"));
    assertThat(oneOff.get("success").asBoolean()).isTrue();
    assertThat(oneOff.get("data")).hasSize(6);
    oneOff.get("data").forEach(j -> assertThat(j.get("schedule_id").isNull()).isTrue());
    assertThat(oneOff.get("meta").get("paging").get("total").asInt()).isEqualTo(6);
    assertThat(Instant.parse(job.get("created_at").asText()))
        .isAfterOrEqualTo(before.minusSeconds(1));
  }

  @Test
  void a_worker_written_as_a_shell_loop_of_curl_calls_gets_a_job_done() throws Exception {
    String base = "http://127.0.0.1:" + server.port();
    JsonNode submitted =
        JSON.readTree(
            Shell.bash(
                    "curl -s -X POST "
                        + base
                        + "/v1/jobs -H 'Authorization: Bearer "
                        + key
                        + "' -H 'Content-Type: application/json'"
                        + " -d '{\"name\": \"Shell job\", \"handler\": \"shell-job\", \"payload\": {\"n\": 1}}'",
                    30)
                .out());
    String id = submitted.get("data").get("id").asText();
    String worker =
        String.join(
            "\n",
            "BASE=" + base,
            "KEY=" + key,
            "for i in 1 2 3 4 5 6 7 8 9 10; do",
            "  claim=$(curl -s -X POST \"$BASE/v1/worker/jobs/claim\" -H \"Authorization: Bearer $KEY\" \\",
            "    -H 'Content-Type: application/json' -d '{\"handlers\": [\"shell-job\"], \"wait_seconds\": 5}')",
            "  execution=$(printf '%s' \"$claim\" | grep -o '\"execution_id\":\"[^\"]*\"' | head -n 1 | cut -d'\"' -f4)",
            "  if [ -n \"$execution\" ]; then",
            "    curl -s -f -X POST \"$BASE/v1/worker/executions/$execution/complete\" \\",
            "      -H \"Authorization: Bearer $KEY\" -H 'Content-Type: application/json' \\",
            "      -d '{\"result\": {\"done_by\": \"shell\"}}' > /dev/null && exit 0",
            "    exit 1",
            "  fi",
            "done",
            "exit 2");
    Shell.Result r = Shell.bash(worker, 120);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    var job = server.chronos().job("acme", java.util.UUID.fromString(id)).orElseThrow();
    assertThat(job.status().json()).isEqualTo("completed");
    assertThat(job.result().get("done_by").asText()).isEqualTo("shell");
  }
}
