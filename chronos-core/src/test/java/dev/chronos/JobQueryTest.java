package dev.chronos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.spi.PageCursor;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void a_cursor_round_trips_and_pages_from_its_position() {
    PageCursor cursor =
        new PageCursor(Instant.parse("2026-01-15T09:00:00.123456Z"), UUID.randomUUID());
    JobQuery q =
        JobQuery.fromQueryParameters(Map.of("after", cursor.encode(), "page", "4", "size", "10"));

    assertThat(q.after()).contains(cursor.encode());
    assertThat(q.afterPosition()).contains(cursor);
    assertThat(q.offset()).isZero();
    assertThat(q).isNotEqualTo(JobQuery.builder().page(4).size(10).build());
    assertThat(q.toString()).contains("after=");
    assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void text_that_is_not_a_cursor_is_refused_naming_after() {
    String forged =
        Base64.getUrlEncoder().withoutPadding().encodeToString("1:yesterday/x".getBytes(UTF_8));
    for (String bad : List.of("nope!", forged, "x".repeat(300), "MTo")) {
      assertThatThrownBy(() -> JobQuery.builder().after(bad).build())
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.fields()).containsExactly("after"));
      assertThat(PageCursor.decode(bad)).isEmpty();
    }
    assertThat(JobQuery.builder().after("").build().after()).isEmpty();
  }

  @Test
  void a_cursor_precedes_older_jobs_and_at_equal_times_lower_ids_unsigned() {
    Instant t = Instant.parse("2026-01-15T09:00:00Z");
    UUID high = UUID.fromString("f0000000-0000-4000-8000-000000000000");
    UUID low = UUID.fromString("10000000-0000-4000-8000-000000000000");
    PageCursor atHigh = new PageCursor(t, high);

    assertThat(atHigh.precedes(job(t, low))).isTrue();
    assertThat(atHigh.precedes(job(t, high))).isFalse();
    assertThat(new PageCursor(t, low).precedes(job(t, high))).isFalse();
    assertThat(atHigh.precedes(job(t.minusNanos(1000), high))).isTrue();
    assertThat(atHigh.precedes(job(t.plusNanos(1000), low))).isFalse();
  }

  @Test
  void an_exact_page_has_no_cursor_unless_given_one() {
    Page<String> page = new Page<>(List.of("a"), 1, 20, 1);
    assertThat(page.totalIsExact()).isTrue();
    assertThat(page.nextCursor()).isEmpty();
    Page<String> bounded = new Page<>(List.of("a"), 1, 1, 10_000, false, Optional.of("c"));
    assertThat(bounded.pages()).isEqualTo(10_000);
    assertThat(bounded.nextCursor()).contains("c");
  }

  private static Job job(Instant createdAt, UUID id) {
    return new Job(
        id,
        "default",
        "n",
        "h",
        null,
        JobStatus.PENDING,
        createdAt,
        createdAt,
        createdAt,
        createdAt,
        0,
        3,
        Duration.ofSeconds(30),
        Delivery.pull(),
        null,
        null,
        null,
        null);
  }
}
