package dev.chronos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.client.ChronosClient;
import dev.chronos.client.RemoteWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link RemoteWorker} in another JVM does jobs; one that dies mid-job has it run again. */
class RemoteWorkerProcessTest {
  @TempDir Path dir;
  ChronosServer server;
  ChronosClient client;
  String key;

  @BeforeEach
  void start() {
    server = ChronosServer.start(TestServers.h2(dir));
    key = server.keys().create("acme", "workers", false).secret();
    client =
        ChronosClient.builder().baseUrl("http://127.0.0.1:" + server.port()).apiKey(key).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void a_worker_in_another_jvm_gets_the_job_done() {
    try (Jvm worker =
        new Jvm(RemoteWorkerMain.class, List.of("http://127.0.0.1:" + server.port(), key))) {
      Job job = client.submit(JobRequest.builder().name("Remote").handler("remote").build());
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> client.job(job.id()).status() == JobStatus.COMPLETED);
      JsonNode result = client.job(job.id()).result();
      assertThat(result.get("pid").asLong())
          .as(worker.output())
          .isEqualTo(worker.process.pid())
          .isNotEqualTo(ProcessHandle.current().pid());
      List<JsonNode> executions = client.executions(job.id());
      assertThat(executions).hasSize(1);
      assertThat(executions.get(0).get("node").asText()).startsWith("http:");
    }
  }

  @Test
  void a_worker_that_dies_mid_job_has_the_job_run_again_after_its_lease() throws Exception {
    Job job;
    try (Jvm dying =
        new Jvm(RemoteWorkerMain.class, List.of("http://127.0.0.1:" + server.port(), key))) {
      job =
          client.submit(
              JobRequest.builder().name("Fragile").handler("die").timeoutSeconds(2).build());
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !dying.process.isAlive());
      assertThat(dying.output()).contains("dying in job " + job.id());
    }
    try (RemoteWorker survivor =
        client
            .worker()
            .pollWait(Duration.ofSeconds(2))
            .handle("die", ctx -> Map.of("attempt", ctx.attempt()))
            .start()) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> client.job(job.id()).status() == JobStatus.COMPLETED);
      assertThat(survivor.running()).isTrue();
    }
    List<JsonNode> executions = client.executions(job.id());
    assertThat(executions).hasSize(2);
    assertThat(executions.get(0).get("status").asText()).isEqualTo("timed_out");
    assertThat(executions.get(1).get("status").asText()).isEqualTo("completed");
    assertThat(client.job(job.id()).result().get("attempt").asInt()).isEqualTo(2);
  }
}
