package dev.chronos.examples;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobFailedException;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.OnConflict;
import dev.chronos.Schedule;
import dev.chronos.ScheduleRequest;
import dev.chronos.Submission;
import dev.chronos.jdbc.JdbcJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Operating Chronos on embedded H2: a schedule declared in code with {@code ensure} survives a
 * restart as one schedule; a job that fails for good is retried by hand once the cause is fixed; a
 * future job is run now, another rescheduled; a repeated submit returns the existing job; a handler
 * is paused and resumed. About five seconds:
 *
 * <pre>
 * ./mvnw -q -pl chronos-examples -am compile exec:java -Dexample=dev.chronos.examples.OperatingChronos
 * </pre>
 */
public final class OperatingChronos {
  private OperatingChronos() {}

  /** The cause of the failures, fixed half-way through. */
  private static final AtomicBoolean accountExists = new AtomicBoolean();

  private static Chronos node(Path data) {
    return Chronos.builder()
        .store(JdbcJobStore.h2(data))
        .pollInterval(Duration.ofMillis(100))
        .handler("report", ctx -> "report for " + ctx.scheduledFor())
        .handler(
            "charge",
            ctx -> {
              if (!accountExists.get()) {
                // Retrying cannot help until someone fixes the data: fail now.
                throw new JobFailedException("no account for " + ctx.payload().get("user"), false);
              }
              return Map.of("charged", ctx.payload().get("user").asText());
            })
        .build()
        .start();
  }

  private static ScheduleRequest nightlyReport() {
    return ScheduleRequest.builder()
        .key("nightly-report")
        .name("Nightly report")
        .handler("report")
        .cron("0 2 * * *")
        .timezone("Europe/Berlin")
        .build();
  }

  private static Job await(Chronos chronos, Job job, JobStatus status) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      Job now = chronos.job(job.id()).orElseThrow();
      if (now.status() == status) {
        return now;
      }
      Thread.sleep(20); // an example polls; tests never do
    }
    throw new IllegalStateException("job " + job.id() + " did not become " + status.json());
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the example fails
   */
  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("chronos-operating");
    Schedule first;
    try (Chronos chronos = node(data)) {
      first = chronos.schedules().ensure(nightlyReport());
      System.out.println("declared: " + first.key() + " -> " + first.id());
    }
    try (Chronos chronos = node(data)) { // a restart: the same declaration finds the same schedule
      Schedule again = chronos.schedules().ensure(nightlyReport());
      System.out.println("after restart: " + again.id() + " (same: " + again.equals(first) + ")");
      chronos.schedules().pause(again.id());
      System.out.println(
          "paused: " + chronos.schedules().get("nightly-report").orElseThrow().status().json());
      chronos.schedules().resume(again.id());

      JobRequest charge =
          JobRequest.builder()
              .name("Charge usr_7")
              .handler("charge")
              .payload(Map.of("user", "usr_7"))
              .idempotencyKey("charge-usr_7-2026-12")
              .build();
      Submission created = chronos.submit(charge, OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD);
      Submission repeated = chronos.submit(charge, OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD);
      System.out.println(
          "submitted twice: created " + created.created() + ", then " + repeated.created());

      Job failed = await(chronos, created.job(), JobStatus.FAILED);
      System.out.println("failed at once: " + failed.lastError().lines().findFirst().orElse(""));
      accountExists.set(true); // the fix
      chronos.retry(failed.id());
      Job done = await(chronos, failed, JobStatus.COMPLETED);
      System.out.print("after a manual retry: " + done.result() + "; triggers:");
      for (Execution e : chronos.executions(done.id())) {
        System.out.print(" " + e.trigger().json());
      }
      System.out.println();

      Job tomorrow =
          chronos.submit(
              JobRequest.builder()
                  .name("Charge usr_8")
                  .handler("charge")
                  .payload(Map.of("user", "usr_8"))
                  .delay(1, DelayUnit.DAY)
                  .build());
      chronos.runNow(tomorrow.id());
      System.out.println("run now: " + await(chronos, tomorrow, JobStatus.COMPLETED).result());

      chronos.pause("charge");
      Job held =
          chronos.submit(
              JobRequest.builder()
                  .name("Charge usr_9")
                  .handler("charge")
                  .payload(Map.of("user", "usr_9"))
                  .build());
      Thread.sleep(300);
      System.out.println("while paused: " + chronos.job(held.id()).orElseThrow().status().json());
      chronos.reschedule(held.id(), Instant.now().plusSeconds(1));
      chronos.resume("charge");
      System.out.println("resumed: " + await(chronos, held, JobStatus.COMPLETED).status().json());
    }
  }
}
