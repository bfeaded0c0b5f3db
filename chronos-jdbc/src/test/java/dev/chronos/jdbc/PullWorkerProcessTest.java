package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Chronos;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A separate worker JVM with no handlers claims, over PostgreSQL, jobs that this JVM submits after
 * the worker started waiting: the pull API works across processes, not just across threads.
 */
class PullWorkerProcessTest {
  private static final int JOBS = 200;
  private String prefix;
  private Process worker;

  @BeforeEach
  void database() {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.destroyForcibly();
    }
    PostgresDatabase.drop(prefix);
  }

  @Test
  void a_worker_process_without_handlers_claims_jobs_this_process_submits() throws Exception {
    try (Chronos submitter =
        Chronos.builder()
            .nodeId("submitter")
            .pushConcurrency(0)
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD)
                    .tablePrefix(prefix)
                    .build())
            .build()
            .start()) {
      worker =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  PullWorkerProcess.class.getName(),
                  PostgresDatabase.URL,
                  PostgresDatabase.USER,
                  PostgresDatabase.PASSWORD,
                  prefix,
                  Integer.toString(JOBS))
              .redirectErrorStream(true)
              .start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      CompletableFuture<Void> ready = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  String line;
                  while ((line = out.readLine()) != null) {
                    synchronized (lines) {
                      lines.add(line);
                    }
                    if (line.equals("ready")) {
                      ready.complete(null);
                    }
                  }
                } catch (Exception e) {
                  ready.completeExceptionally(e);
                }
              });
      reader.setDaemon(true);
      reader.start();
      ready.get(60, TimeUnit.SECONDS);

      List<Job> jobs = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        JobRequest.Builder r = JobRequest.builder().name("job " + i).handler("work");
        if (i % 2 == 1) { // half due at once, half a little later: the worker waits for those
          r.scheduledFor(Instant.now().plusMillis(200 + 5L * (i % 100)));
        }
        jobs.add(submitter.submit(r.build()));
      }

      assertThat(worker.waitFor(120, TimeUnit.SECONDS)).isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(10));
      synchronized (lines) {
        assertThat(worker.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).contains("completed " + JOBS);
      }
      for (Job job : jobs) {
        assertThat(submitter.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        List<Execution> executions = submitter.executions(job.id());
        assertThat(executions).hasSize(1);
        assertThat(executions.get(0).node()).startsWith("worker-process-");
        assertThat(submitter.job(job.id()).orElseThrow().result().get("pid").asLong())
            .isEqualTo(worker.pid());
      }
    }
  }
}
