package dev.chronos.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.DelayUnit;
import dev.chronos.Delivery;
import dev.chronos.HandlerRequiredForPullException;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobNotFoundException;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.Page;
import dev.chronos.ScheduleNotFoundException;
import dev.chronos.ScheduleRequest;
import dev.chronos.ScheduleUpdate;
import dev.chronos.StoreUnavailableException;
import dev.chronos.ValidationException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChronosClientTest {
  final LocalApi api = new LocalApi();
  final ChronosClient client = api.client();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void submits_gets_lists_and_cancels_jobs() {
    Job job =
        client.submit(
            JobRequest.builder()
                .name("Send follow-up")
                .handler("send-email")
                .delay(2, DelayUnit.HOUR)
                .payload(Map.of("userId", "usr_123"))
                .idempotencyKey("follow-up-usr_123")
                .build());
    assertThat(job.account()).isEqualTo("acme");
    assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    assertThat(job.runAt()).isEqualTo(job.createdAt().plus(Duration.ofHours(2)));
    assertThat(job.payload().get("userId").asText()).isEqualTo("usr_123");
    assertThat(client.job(job.id())).isEqualTo(api.chronos.job("acme", job.id()).orElseThrow());

    Job push =
        client.submit(
            JobRequest.builder()
                .name("hook")
                .delivery(Delivery.push("https://example.com/hook", "POST", Map.of("X-Token", "t")))
                .delay(1, DelayUnit.DAY)
                .build());
    assertThat(push.delivery()).isInstanceOf(Delivery.Push.class);

    Page<Job> page = client.jobs(Map.of("schedule_id", "null", "size", "1"));
    assertThat(page.total()).isEqualTo(2);
    assertThat(page.items()).hasSize(1);
    assertThat(page.pages()).isEqualTo(2);

    assertThat(client.cancel(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(client.executions(job.id())).isEmpty();
  }

  @Test
  void errors_come_back_as_the_library_exceptions() {
    JobRequest keyed = JobRequest.builder().name("a").handler("h").idempotencyKey("k").build();
    Job first = client.submit(keyed);
    assertThatThrownBy(() -> client.submit(keyed))
        .isInstanceOfSatisfying(
            IdempotencyKeyConflictException.class,
            e -> assertThat(e.existingJobId()).isEqualTo(first.id()));
    UUID missing = UUID.randomUUID();
    assertThatThrownBy(() -> client.job(missing))
        .isInstanceOfSatisfying(
            JobNotFoundException.class,
            e -> assertThat(e.getMessage()).contains(missing.toString()));
    assertThatThrownBy(() -> client.schedule(missing))
        .isInstanceOf(ScheduleNotFoundException.class);
    assertThatThrownBy(() -> client.jobs(Map.of("status", "asleep")))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("status"));
    assertThatThrownBy(() -> client.cancel(client.cancel(first.id()).id()))
        .isInstanceOfSatisfying(
            ChronosApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.code()).isEqualTo("conflict");
            });
    ChronosClient stranger =
        ChronosClient.builder().baseUrl(api.url).apiKey("chrns_" + "z".repeat(43)).build();
    assertThatThrownBy(() -> stranger.jobs(Map.of()))
        .isInstanceOfSatisfying(
            ChronosApiException.class, e -> assertThat(e.code()).isEqualTo("unauthorized"));
    assertThatThrownBy(() -> ChronosClient.builder().baseUrl(api.url).apiKey("nope").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_server_that_cannot_be_reached_is_store_unavailable() {
    ChronosClient nowhere =
        ChronosClient.builder().baseUrl("http://127.0.0.1:1").apiKey(api.secret).build();
    assertThatThrownBy(() -> nowhere.jobs(Map.of())).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void schedules_round_trip() {
    JsonNode s =
        client.createSchedule(
            ScheduleRequest.builder().name("Digest").handler("digest").cron("0 9 * * *").build());
    UUID id = UUID.fromString(s.get("id").asText());
    assertThat(client.schedule(id).get("status").asText()).isEqualTo("active");
    assertThat(client.schedules(Map.of("status", "active")).get("data")).hasSize(1);
    assertThat(
            client
                .updateSchedule(id, ScheduleUpdate.fromJson("{\"cron\": \"0 8 * * *\"}"))
                .get("cron")
                .asText())
        .isEqualTo("0 8 * * *");
    assertThatThrownBy(
            () -> client.updateSchedule(id, ScheduleUpdate.fromJson("{\"handler\": null}")))
        .isInstanceOfSatisfying(
            HandlerRequiredForPullException.class,
            e -> {
              assertThat(e.scheduleId()).isEqualTo(id);
              assertThat(e.fields()).containsExactly("handler");
            });
    assertThat(client.archiveSchedule(id).get("status").asText()).isEqualTo("archived");
  }
}
