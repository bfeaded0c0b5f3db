package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every request body of the one-off jobs guide, parsed with fromJson and submitted. */
class SeedExamplesTest {
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final ChronosEngine chronos =
      TestNodes.inline(
          TestNodes.builder(store, clock)
              .handler(
                  "process-upload",
                  ctx -> Map.of("processed", ctx.payload().get("fileId").asText())));

  @AfterEach
  void close() {
    chronos.close();
  }

  private Job submitSeed(String file) {
    return chronos.submit(JobRequest.fromJson(TestNodes.seed(file)));
  }

  @Test
  void a_job_without_delay_or_scheduled_for_runs_as_soon_as_possible() {
    Job job = submitSeed("1-as-soon-as-possible.json");

    assertThat(job.runAt()).isEqualTo(clock.instant());
    assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    assertThat(job.handler()).isEqualTo("process-upload");
    assertThat(job.payload().get("fileId").asText()).isEqualTo("file_abc123");

    chronos.runDue();

    Job done = chronos.job(job.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.result().get("processed").asText()).isEqualTo("file_abc123");
    assertThat(chronos.executions(job.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.startedAt()).isEqualTo(clock.instant()));
  }

  @Test
  void a_delay_of_two_hours_runs_two_hours_from_now() {
    Job job = submitSeed("2-delay.json");

    assertThat(job.runAt()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    assertThat(job.payload().get("template").asText()).isEqualTo("follow-up");
  }

  @Test
  void scheduled_for_runs_at_that_instant() {
    Job job = submitSeed("3-scheduled-for.json");

    assertThat(job.runAt()).isEqualTo(Instant.parse("2027-02-15T00:00:00Z"));
    assertThat(job.scheduledFor()).isEqualTo(Instant.parse("2027-02-15T00:00:00Z"));
  }

  @Test
  void a_second_submit_with_the_same_idempotency_key_is_a_conflict_naming_the_first_job() {
    Job first = submitSeed("4-idempotency-key.json");
    assertThat(first.idempotencyKey()).isEqualTo("charge-inv_789");
    assertThat(first.runAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));

    assertThatThrownBy(() -> submitSeed("4-idempotency-key.json"))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> {
              assertThat(e.code()).isEqualTo("idempotency_key_conflict");
              assertThat(e.existingJobId()).isEqualTo(first.id());
              assertThat(e.getMessage()).contains(first.id().toString());
            });
    assertThat(chronos.jobs(JobQuery.all()).total()).isEqualTo(1);
  }

  @Test
  void push_delivery_is_kept() {
    Job job = submitSeed("5-push.json");

    assertThat(job.runAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(job.delivery())
        .isEqualTo(Delivery.push("https://your-app.com/hooks/chronos", "POST", Map.of()));
    assertThat(job.payload().at("/data/id").asText()).isEqualTo("sub_123");
  }

  @Test
  void timeout_and_max_retries_overrides_are_kept() {
    Job job = submitSeed("6-retries-and-timeout.json");

    assertThat(job.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(job.maxRetries()).isEqualTo(5);
    assertThat(job.runAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    assertThat(job.toJson().get("timeout").asInt()).isEqualTo(60);
    assertThat(job.toJson().get("max_retries").asInt()).isEqualTo(5);
  }

  @Test
  void schedule_id_null_lists_only_one_off_jobs() {
    List<Job> oneOff =
        List.of(
            submitSeed("1-as-soon-as-possible.json"),
            submitSeed("2-delay.json"),
            submitSeed("3-scheduled-for.json"),
            submitSeed("4-idempotency-key.json"),
            submitSeed("5-push.json"),
            submitSeed("6-retries-and-timeout.json"));
    Job spawned = scheduleSpawnedJob();
    store.insert(spawned);

    Page<Job> page = chronos.jobs(JobQuery.fromQueryParameters(Map.of("schedule_id", "null")));

    assertThat(page.total()).isEqualTo(6);
    assertThat(page.items())
        .extracting(Job::id)
        .containsExactlyInAnyOrderElementsOf(oneOff.stream().map(Job::id).toList());
    assertThat(chronos.jobs(JobQuery.all()).total()).isEqualTo(7);
    assertThat(chronos.jobs(JobQuery.builder().scheduleId(spawned.scheduleId()).build()).items())
        .extracting(Job::id)
        .containsExactly(spawned.id());
  }

  /** What a schedule's fire stores (schedules arrive with their own issue). */
  private Job scheduleSpawnedJob() {
    Instant now = clock.instant();
    return new Job(
        UUID.randomUUID(),
        "default",
        "Nightly report",
        "report",
        null,
        JobStatus.PENDING,
        now,
        now,
        now,
        now,
        0,
        3,
        Duration.ofSeconds(30),
        Delivery.pull(),
        null,
        UUID.randomUUID(),
        null,
        null);
  }
}
