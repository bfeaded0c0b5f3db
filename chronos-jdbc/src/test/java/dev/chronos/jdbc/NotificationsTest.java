package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.jdbc.internal.Notifications;
import dev.chronos.spi.DueSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The NOTIFY payloads: what they say, which jobs are announced, what a node reads back. */
class NotificationsTest {
  private static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  static Job job(String handler, Delivery delivery, JobStatus status, Instant runAt) {
    return new Job(
        UUID.randomUUID(),
        "default",
        "n",
        handler,
        null,
        status,
        runAt,
        runAt,
        NOW,
        NOW,
        0,
        3,
        Duration.ofSeconds(30),
        delivery,
        null,
        null,
        null,
        null);
  }

  static Job pull(String handler, Instant runAt) {
    return job(handler, Delivery.pull(), JobStatus.PENDING, runAt);
  }

  @Test
  void a_job_due_soon_is_announced_with_its_kind_and_due_time() {
    String payload = Notifications.payload(pull("send-email", NOW.plusSeconds(5))).orElseThrow();

    assertThat(payload).isEqualTo("pull|" + NOW.plusSeconds(5).toEpochMilli() + "|send-email");
    assertThat(Notifications.parse(payload))
        .contains(new DueSignal(false, "send-email", NOW.plusSeconds(5)));
  }

  @Test
  void a_push_job_is_announced_without_a_handler() {
    Job push = job("ignored", Delivery.push("https://example.com/hook"), JobStatus.PENDING, NOW);

    String payload = Notifications.payload(push).orElseThrow();

    assertThat(payload).isEqualTo("push|" + NOW.toEpochMilli() + "|");
    assertThat(Notifications.parse(payload)).contains(new DueSignal(true, null, NOW));
  }

  @Test
  void a_handler_with_separators_in_its_name_reads_back_whole() {
    String payload = Notifications.payload(pull("a|b c", NOW)).orElseThrow();

    assertThat(Notifications.parse(payload)).contains(new DueSignal(false, "a|b c", NOW));
  }

  @Test
  void jobs_due_later_or_not_runnable_are_not_announced() {
    Instant later = NOW.plus(Notifications.ANNOUNCE_WITHIN).plusSeconds(1);
    assertThat(Notifications.payload(pull("send-email", later))).isEmpty();
    assertThat(Notifications.payload(pull("send-email", NOW.plus(Notifications.ANNOUNCE_WITHIN))))
        .isPresent();
    assertThat(
            Notifications.payload(
                job("send-email", Delivery.pull(), JobStatus.CANCELLED, NOW.plusSeconds(1))))
        .isEmpty();
    assertThat(Notifications.payloads(List.of(pull("a", later), pull("b", later)))).isEmpty();
  }

  @Test
  void a_batch_announces_each_kind_once_with_its_earliest_due_time() {
    List<String> payloads =
        Notifications.payloads(
            List.of(
                pull("send-email", NOW.plusSeconds(9)),
                pull("send-email", NOW.plusSeconds(2)),
                pull("resize", NOW.plusSeconds(4)),
                pull("send-email", NOW.plusSeconds(3_600))));

    assertThat(payloads)
        .containsExactly(
            "pull|" + NOW.plusSeconds(2).toEpochMilli() + "|send-email",
            "pull|" + NOW.plusSeconds(4).toEpochMilli() + "|resize");
  }

  @Test
  void a_batch_of_many_kinds_wakes_everyone_with_one_empty_payload() {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      jobs.add(pull("handler-" + i, NOW));
    }

    assertThat(Notifications.payloads(jobs)).containsExactly("");
  }

  @Test
  void payloads_that_do_not_say_read_as_nothing() {
    for (String payload :
        new String[] {"", null, "pull", "pull|x|h", "pull|1|", "push|1|h", "mail|1|h", "||"}) {
      assertThat(Notifications.parse(payload)).as(String.valueOf(payload)).isEmpty();
    }
  }
}
