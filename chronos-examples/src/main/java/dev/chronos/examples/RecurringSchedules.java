package dev.chronos.examples;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobListener;
import dev.chronos.JobQuery;
import dev.chronos.Schedule;
import dev.chronos.ScheduleRequest;
import dev.chronos.memory.InMemoryJobStore;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Recurring schedules: a cron schedule read in a time zone (shows its next fire times) and an
 * interval schedule that fires every two seconds, three times, then completes. About seven seconds:
 *
 * <pre>
 * ./mvnw -q -pl chronos-examples -am compile exec:java -Dexample=dev.chronos.examples.RecurringSchedules
 * </pre>
 */
public final class RecurringSchedules {
  private RecurringSchedules() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    CountDownLatch threeRuns = new CountDownLatch(3);
    try (Chronos chronos =
        Chronos.builder()
            .store(new InMemoryJobStore())
            .handler("digest", ctx -> "sent")
            .handler(
                "heartbeat",
                ctx -> {
                  System.out.printf(
                      "%s heartbeat for %s (nominal time %s)%n",
                      Instant.now(), ctx.name(), ctx.scheduledFor());
                  return null;
                })
            .listener(
                new JobListener() {
                  @Override
                  public void onCompleted(Job job, Execution execution) {
                    if ("heartbeat".equals(job.handler())) {
                      threeRuns.countDown();
                    }
                  }
                })
            .build()
            .start()) {
      Schedule digest =
          chronos
              .schedules()
              .create(
                  ScheduleRequest.fromJson(
                      "{\"name\": \"Weekday digest\", \"handler\": \"digest\","
                          + " \"cron\": \"0 9 * * MON-FRI\", \"timezone\": \"America/New_York\"}"));
      System.out.println("cron schedule: " + digest.toJson().toPrettyString());

      Schedule heartbeat =
          chronos
              .schedules()
              .create(
                  ScheduleRequest.builder()
                      .name("Heartbeat")
                      .handler("heartbeat")
                      .interval(2, DelayUnit.SECOND)
                      .runs(3)
                      .build());
      System.out.println("interval schedule first fires at " + heartbeat.nextRunAt());

      threeRuns.await(30, TimeUnit.SECONDS);
      Schedule done = chronos.schedules().get(heartbeat.id()).orElseThrow();
      System.out.printf(
          "heartbeat is %s after %d runs; its jobs: %d%n",
          done.status().json(),
          done.runCount(),
          chronos.jobs(JobQuery.builder().scheduleId(heartbeat.id()).build()).total());
      chronos.schedules().archive(digest.id());
      System.out.println("digest archived");
    }
  }
}
