package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Delivery;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.ExecutionTrigger;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The per-minute counts and start-delay percentiles of {@link RecentActivity}, by a hand clock. */
class RecentActivityTest {
  final MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T10:00:30Z"));
  final RecentActivity activity = new RecentActivity(clock);

  static Job job(String account, Instant runAt) {
    return new Job(
        UUID.randomUUID(),
        account,
        "n",
        "h",
        null,
        JobStatus.RUNNING,
        runAt,
        runAt,
        runAt,
        runAt,
        1,
        3,
        Duration.ofSeconds(30),
        Delivery.pull(),
        null,
        null,
        null,
        null);
  }

  static Execution execution(Instant started, Instant finished) {
    return new Execution(
        UUID.randomUUID(),
        UUID.randomUUID(),
        1,
        ExecutionTrigger.SUBMIT,
        finished == null ? ExecutionStatus.RUNNING : ExecutionStatus.COMPLETED,
        started,
        finished,
        started.plusSeconds(40),
        null,
        null,
        "node-1",
        null);
  }

  @Test
  void counts_finished_attempts_per_minute_for_the_last_hour_per_account() {
    Instant now = clock.instant();
    activity.onCompleted(job("acme", now), execution(now, now));
    activity.onCompleted(job("acme", now), execution(now, now));
    activity.onFailed(job("acme", now), execution(now, now));
    activity.onRetrying(job("acme", now), execution(now, now));
    activity.onCompleted(job("beta", now), execution(now, now));
    Instant earlier = now.minus(Duration.ofMinutes(59));
    activity.onCompleted(job("acme", earlier), execution(earlier, earlier));
    Instant tooOld = now.minus(Duration.ofMinutes(61));
    activity.onCompleted(job("acme", tooOld), execution(tooOld, tooOld));

    RecentActivity.Snapshot s = activity.snapshot("acme");
    assertThat(s.firstMinute()).isEqualTo(Instant.parse("2026-12-01T09:01:00Z"));
    assertThat(s.completed()).hasSize(60);
    assertThat(s.completed()[59]).isEqualTo(2);
    assertThat(s.failed()[59]).isEqualTo(2);
    assertThat(s.completed()[0]).isEqualTo(1);
    assertThat(LongStream.of(s.completed()).sum()).isEqualTo(3);
    assertThat(activity.snapshot("beta").completed()[59]).isEqualTo(1);
    assertThat(activity.snapshot("nobody").samples()).isZero();

    // An hour on, every minute has left the window; a new one is counted from zero.
    clock.advance(Duration.ofMinutes(60));
    assertThat(LongStream.of(activity.snapshot("acme").completed()).sum()).isZero();
    Instant later = clock.instant();
    activity.onCompleted(job("acme", later), execution(later, later));
    assertThat(activity.snapshot("acme").completed()[59]).isEqualTo(1);
  }

  @Test
  void start_delays_give_nearest_rank_percentiles_of_the_last_thousand() {
    Instant due = clock.instant();
    for (int ms = 1; ms <= 100; ms++) {
      activity.onStarted(job("acme", due), execution(due.plusMillis(ms), null));
    }
    RecentActivity.Snapshot s = activity.snapshot("acme");
    assertThat(s.samples()).isEqualTo(100);
    assertThat(s.p50Ms()).isEqualTo(50);
    assertThat(s.p99Ms()).isEqualTo(99);
    // Started before its due time (a claim ahead): counted as on time.
    activity.onStarted(job("beta", due), execution(due.minusSeconds(1), null));
    assertThat(activity.snapshot("beta").p50Ms()).isZero();

    for (int i = 0; i < 1000; i++) {
      activity.onStarted(job("acme", due), execution(due.plusSeconds(5), null));
    }
    RecentActivity.Snapshot full = activity.snapshot("acme");
    assertThat(full.samples()).isEqualTo(1000);
    assertThat(full.p50Ms()).isEqualTo(5000);
    assertThat(full.p99Ms()).isEqualTo(5000);
    assertThat(activity.snapshot("nobody").p50Ms()).isNull();
  }
}
