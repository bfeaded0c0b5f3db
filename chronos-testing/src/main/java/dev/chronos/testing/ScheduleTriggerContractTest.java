package dev.chronos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.ExecutionTrigger;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.Schedule;
import dev.chronos.ScheduleArchivedException;
import dev.chronos.ScheduleCompletedException;
import dev.chronos.ScheduleNotFoundException;
import dev.chronos.ScheduleRequest;
import dev.chronos.ScheduleStatus;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@link dev.chronos.Schedules#trigger}, as it must work on every {@link JobStore}: one job of the
 * schedule due now, whose attempt is recorded {@code manual}, the schedule itself untouched; paused
 * schedules may be triggered, archived and completed ones not, another account's is not found.
 * Extend this class and implement {@link #createStore()}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class ScheduleTriggerContractTest {
  /** The instant the tests start at. */
  protected static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  private static final JobSelector SYNC = JobSelector.handlers(Set.of("sync"));
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final MutableClock clock = MutableClock.at(NOW);
  private JobStore store;
  private Chronos node;

  /** For subclasses, one per store under test. */
  protected ScheduleTriggerContractTest() {}

  /**
   * Creates the store under test: a new, empty one for each test.
   *
   * @return the store
   */
  protected abstract JobStore createStore();

  @BeforeEach
  final void openStore() {
    store = createStore();
    node = Chronos.builder().store(store).clock(clock).nodeId("node-1").build();
  }

  @AfterEach
  final void closeStore() {
    node.close();
    store.close();
  }

  @Test
  void trigger_stores_one_due_job_of_the_schedule_whose_attempt_is_manual() {
    Schedule s = node.schedules().create(hourly().build());
    clock.advance(Duration.ofMinutes(10));
    Instant now = clock.instant();

    Job job = node.schedules().trigger(s.id());

    assertThat(job.scheduleId()).isEqualTo(s.id());
    assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    assertThat(job.runAt()).isEqualTo(now);
    assertThat(job.handler()).isEqualTo("sync");
    assertThat(job.payload().get("scope").asText()).isEqualTo("recent");
    assertThat(job.maxRetries()).isEqualTo(s.maxRetries());
    assertThat(job.idempotencyKey()).startsWith(s.id() + ".manual.");
    assertThat(store.find(job.id())).contains(job);
    Schedule after = node.schedules().get(s.id()).orElseThrow();
    assertThat(after.nextRunAt()).isEqualTo(s.nextRunAt());
    assertThat(after.runCount()).isEqualTo(s.runCount());
    assertThat(after.status()).isEqualTo(ScheduleStatus.ACTIVE);

    List<Attempt> claimed = store.claimDue(SYNC, 10, "node-1", now, GRACE);
    assertThat(claimed).hasSize(1);
    assertThat(claimed.get(0).job().id()).isEqualTo(job.id());
    assertThat(claimed.get(0).execution().trigger()).isEqualTo(ExecutionTrigger.MANUAL);
    assertThat(claimed.get(0).execution().attempt()).isEqualTo(1);
  }

  @Test
  void each_trigger_is_a_job_of_its_own_and_a_paused_schedule_may_be_triggered() {
    Schedule s = node.schedules().create(hourly().build());
    node.schedules().pause(s.id());
    Job first = node.schedules().trigger(s.id());
    Job second = node.schedules().trigger(s.id());
    assertThat(first.id()).isNotEqualTo(second.id());
    assertThat(first.idempotencyKey()).isNotEqualTo(second.idempotencyKey());
    assertThat(store.claimDue(SYNC, 10, "node-1", clock.instant(), GRACE))
        .extracting(a -> a.execution().trigger())
        .containsOnly(ExecutionTrigger.MANUAL)
        .hasSize(2);
    assertThat(node.schedules().get(s.id()).orElseThrow().status())
        .isEqualTo(ScheduleStatus.PAUSED);
  }

  @Test
  void archived_completed_and_other_accounts_schedules_are_refused_and_store_nothing() {
    Schedule archived = node.schedules().create(hourly().build());
    node.schedules().archive(archived.id());
    assertThatThrownBy(() -> node.schedules().trigger(archived.id()))
        .isInstanceOf(ScheduleArchivedException.class);

    Schedule theirs = node.schedules().create(hourly().account("acct-2").build());
    assertThatThrownBy(() -> node.schedules().trigger(theirs.id()))
        .isInstanceOf(ScheduleNotFoundException.class);
    assertThatThrownBy(() -> node.schedules().trigger("acct-3", theirs.id()))
        .isInstanceOf(ScheduleNotFoundException.class);
    assertThatThrownBy(() -> node.schedules().trigger(UUID.randomUUID()))
        .isInstanceOf(ScheduleNotFoundException.class);
    assertThat(node.schedules().trigger("acct-2", theirs.id()).account()).isEqualTo("acct-2");

    Schedule once =
        node.schedules().create(hourly().stopAt(NOW.plus(Duration.ofMinutes(90))).build());
    Schedule completed = complete(once);
    assertThatThrownBy(() -> node.schedules().trigger(completed.id()))
        .isInstanceOf(ScheduleCompletedException.class);
    assertThat(store.claimDue(SYNC, 10, "node-1", clock.instant(), GRACE)).hasSize(1);
  }

  private Schedule complete(Schedule s) {
    Schedule done =
        new Schedule(
            s.id(),
            s.account(),
            s.key(),
            s.name(),
            s.description(),
            s.handler(),
            ScheduleStatus.COMPLETED,
            s.cron(),
            s.interval(),
            s.timezone(),
            null,
            s.runs(),
            s.runCount(),
            s.stopAt(),
            s.delivery(),
            s.payload(),
            s.timeout(),
            s.maxRetries(),
            s.misfirePolicy(),
            s.overlapPolicy(),
            s.createdAt(),
            clock.instant(),
            s.version() + 1);
    assertThat(store.replaceSchedule(done, s.version())).isTrue();
    return done;
  }

  private static ScheduleRequest.Builder hourly() {
    return ScheduleRequest.builder()
        .name("Hourly sync")
        .handler("sync")
        .interval(1, DelayUnit.HOUR)
        .payload(Map.of("scope", "recent"));
  }
}
