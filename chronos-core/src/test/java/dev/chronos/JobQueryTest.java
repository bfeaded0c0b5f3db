package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobQueryTest {

  @Test
  void schedule_id_null_means_one_off_jobs_only() {
    JobQuery q = JobQuery.fromQueryParameters(Map.of("schedule_id", "null"));

    assertThat(q.oneOffOnly()).isTrue();
    assertThat(q.scheduleId()).isEmpty();
    assertThat(q.page()).isEqualTo(1);
    assertThat(q.size()).isEqualTo(20);
    assertThat(q.account()).isEqualTo("default");
  }

  @Test
  void reads_every_parameter() {
    UUID schedule = UUID.randomUUID();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("schedule_id", schedule.toString());
    params.put("status", "pending, retrying");
    params.put("handler", "send-email");
    params.put("account", "acme");
    params.put("page", "3");
    params.put("size", "100");

    JobQuery q = JobQuery.fromQueryParameters(params);

    assertThat(q.scheduleId()).contains(schedule);
    assertThat(q.statuses()).containsExactlyInAnyOrder(JobStatus.PENDING, JobStatus.RETRYING);
    assertThat(q.handler()).contains("send-email");
    assertThat(q.account()).isEqualTo("acme");
    assertThat(q.offset()).isEqualTo(200);
  }

  @Test
  void names_every_bad_parameter() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("schedule_id", "nope");
    params.put("status", "sleeping");
    params.put("size", "101");
    params.put("page", "x");
    params.put("sort", "name");

    assertThatThrownBy(() -> JobQuery.fromQueryParameters(params))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.fields())
                    .containsExactlyInAnyOrder("schedule_id", "status", "size", "page", "sort"));
  }

  @Test
  void pages_round_up() {
    assertThat(new Page<>(java.util.List.of(), 1, 20, 41).pages()).isEqualTo(3);
    assertThat(new Page<>(java.util.List.of(), 1, 20, 0).pages()).isZero();
  }
}
