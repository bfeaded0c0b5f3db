package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Finished jobs are deleted once their retention has passed (7 days for completed and cancelled, 30
 * for failed), in bounded batches, by one node at a time; {@link Chronos#purge} deletes on demand.
 */
class RetentionTest {
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final List<ChronosEngine> nodes = new ArrayList<>();
  private final ChronosEngine chronos = node("node-a");

  private ChronosEngine node(String id) {
    ChronosEngine node =
        TestNodes.inline(
            TestNodes.builder(store, clock)
                .nodeId(id)
                .handler("ok", ctx -> Map.of("done", true))
                .handler(
                    "broken",
                    ctx -> {
                      throw new IllegalStateException("always broken");
                    }));
    nodes.add(node);
    return node;
  }

  @AfterEach
  void close() {
    nodes.forEach(Chronos::close);
  }

  private Job submit(String handler) {
    return chronos.submit(JobRequest.builder().name("job").handler(handler).maxRetries(0).build());
  }

  private boolean exists(Job job) {
    return store.find(job.id()).isPresent();
  }

  private long stored() {
    return store.query(JobQuery.all()).total();
  }

  /** Stores {@code n} jobs that completed at {@code finishedAt}, straight through the store. */
  private void completedAt(int n, Instant finishedAt) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      jobs.add(
          new Job(
              UUID.randomUUID(),
              "default",
              "old",
              "ok",
              null,
              JobStatus.PENDING,
              finishedAt,
              finishedAt,
              finishedAt,
              finishedAt,
              0,
              0,
              Duration.ofSeconds(30),
              Delivery.pull(),
              null,
              null,
              null,
              null));
    }
    store.insertAll(jobs);
    List<Attempt> claimed =
        store.claim(jobs.stream().map(Job::id).toList(), "old-node", finishedAt, Duration.ZERO);
    store.finishAll(
        claimed.stream().map(a -> ExecutionOutcome.completed(a.execution().id(), null)).toList(),
        finishedAt);
  }

  @Test
  void completed_and_cancelled_jobs_go_after_seven_days_and_failed_ones_after_thirty() {
    Job completed = submit("ok");
    Job failed = submit("broken");
    Job cancelled =
        chronos.cancel(
            chronos
                .submit(
                    JobRequest.builder()
                        .name("later")
                        .handler("ok")
                        .delay(1, DelayUnit.HOUR)
                        .build())
                .id());
    chronos.runDue();
    assertThat(chronos.job(completed.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(chronos.job(failed.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);

    clock.advance(Duration.ofDays(7).minusMinutes(1));
    chronos.runDue();
    assertThat(List.of(completed, failed, cancelled)).allMatch(this::exists);

    clock.advance(Duration.ofMinutes(2));
    chronos.runDue();
    assertThat(exists(completed)).isFalse();
    assertThat(store.executions(completed.id())).isEmpty();
    assertThat(exists(cancelled)).isFalse();
    assertThat(exists(failed)).isTrue();

    clock.advance(Duration.ofDays(23));
    chronos.runDue();
    assertThat(exists(failed)).isFalse();
    assertThat(store.executions(failed.id())).isEmpty();
  }

  @Test
  void the_retention_periods_are_builder_settings() {
    ChronosEngine brief =
        TestNodes.inline(
            TestNodes.builder(store, clock)
                .nodeId("brief")
                .retention(Duration.ofHours(1))
                .failedRetention(Duration.ofHours(2)));
    nodes.add(brief);
    Job completed = submit("ok");
    Job failed = submit("broken");
    chronos.runDue();
    chronos.close();

    clock.advance(Duration.ofMinutes(61));
    brief.runDue();
    assertThat(exists(completed)).isFalse();
    assertThat(exists(failed)).isTrue();

    clock.advance(Duration.ofMinutes(60));
    brief.runDue();
    assertThat(exists(failed)).isFalse();
  }

  @Test
  void a_backlog_is_purged_in_bounded_batches_over_several_rounds_of_the_rescuer_loop() {
    completedAt(12_500, clock.instant().minus(Duration.ofDays(8)));

    chronos.runDue();
    // One round deletes at most 10 batches of 1,000 jobs.
    assertThat(stored()).isEqualTo(2_500);

    chronos.runDue();
    assertThat(stored()).isZero();
  }

  @Test
  void only_the_node_holding_the_purge_lease_purges_until_it_closes() {
    ChronosEngine other = node("node-b");
    Instant old = clock.instant().minus(Duration.ofDays(8));
    completedAt(5, old);
    chronos.runDue();
    assertThat(stored()).isZero();

    completedAt(5, old);
    other.runDue();
    assertThat(stored()).as("node-b cannot take the lease node-a holds").isEqualTo(5);

    chronos.close();
    clock.advance(Duration.ofMinutes(1));
    other.runDue();
    assertThat(stored()).isZero();
  }

  @Test
  void pending_retrying_and_running_jobs_are_never_purged() throws Exception {
    Job pending =
        chronos.submit(
            JobRequest.builder().name("later").handler("ok").delay(30, DelayUnit.DAY).build());
    Job retrying =
        chronos.submit(JobRequest.builder().name("flaky").handler("broken").maxRetries(5).build());
    Job running = chronos.submit(JobRequest.builder().name("pulled").handler("remote").build());
    chronos.runDue();
    assertThat(chronos.pull("worker").claim(Set.of("remote"), 1, Duration.ZERO)).hasSize(1);

    long purged = chronos.purge(clock.instant().plus(Duration.ofDays(365)));

    assertThat(purged).isZero();
    assertThat(chronos.job(pending.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    assertThat(chronos.job(retrying.id()).orElseThrow().status()).isEqualTo(JobStatus.RETRYING);
    assertThat(chronos.job(running.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void purge_on_demand_deletes_every_finished_job_before_the_cut_off_and_returns_the_count() {
    completedAt(2_345, clock.instant().minus(Duration.ofHours(2)));
    Job recent = submit("ok");
    Job waiting =
        chronos.submit(
            JobRequest.builder().name("later").handler("ok").delay(1, DelayUnit.HOUR).build());
    chronos.runDue();

    long purged = chronos.purge(clock.instant().minus(Duration.ofHours(1)));

    assertThat(purged).isEqualTo(2_345);
    assertThat(stored()).isEqualTo(2);
    assertThat(exists(recent)).isTrue();
    assertThat(exists(waiting)).isTrue();
  }

  @Test
  void purging_a_job_frees_its_idempotency_key() {
    JobRequest request =
        JobRequest.builder().name("once").handler("ok").idempotencyKey("report-2026-01").build();
    Job first = chronos.submit(request);
    chronos.runDue();
    assertThatThrownBy(() -> chronos.submit(request))
        .isInstanceOf(IdempotencyKeyConflictException.class);

    clock.advance(Duration.ofSeconds(1));
    assertThat(chronos.purge(clock.instant())).isEqualTo(1);

    Job second = chronos.submit(request);
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(exists(first)).isFalse();
  }

  @Test
  void the_finished_jobs_of_a_schedule_are_purged_and_the_schedule_stays() {
    Schedule schedule =
        chronos
            .schedules()
            .create(
                ScheduleRequest.builder()
                    .name("every minute")
                    .handler("ok")
                    .interval(1, DelayUnit.MINUTE)
                    .runs(3)
                    .build());
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(1));
      chronos.runDue();
    }
    JobQuery ofSchedule = JobQuery.builder().scheduleId(schedule.id()).build();
    assertThat(chronos.jobs(ofSchedule).items())
        .hasSize(3)
        .allMatch(j -> j.status() == JobStatus.COMPLETED);

    clock.advance(Duration.ofDays(8));
    chronos.runDue();

    assertThat(chronos.jobs(ofSchedule).total()).isZero();
    assertThat(chronos.schedules().get(schedule.id())).isPresent();
  }

  @Test
  void purge_of_a_closed_node_is_refused() {
    chronos.close();

    assertThatThrownBy(() -> chronos.purge(clock.instant()))
        .isInstanceOf(IllegalStateException.class);
  }
}
