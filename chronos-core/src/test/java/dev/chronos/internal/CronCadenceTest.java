package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Next fire times worked out by hand. DST in 2026/2027: New York springs forward on Mar 8 2026 and
 * Mar 14 2027 (02:00 EST → 03:00 EDT) and falls back on Nov 1 2026 and Nov 7 2027 (02:00 EDT →
 * 01:00 EST); London springs forward on Mar 29 2026 and Mar 28 2027 (01:00 GMT → 02:00 BST) and
 * falls back on Oct 25 2026 and Oct 31 2027 (02:00 BST → 01:00 GMT).
 */
class CronCadenceTest {
  private static final String UTC = "UTC";
  private static final String LONDON = "Europe/London";
  private static final String NEW_YORK = "America/New_York";

  static Stream<Arguments> table() {
    return Stream.of(
        // UTC: plain calendar arithmetic.
        row(
            "0 0 1 1 *",
            UTC,
            "2026-06-01T00:00:00Z",
            "2027-01-01T00:00:00Z",
            "2028-01-01T00:00:00Z"),
        row(
            "*/15 9-17 * * MON-FRI",
            UTC,
            "2026-11-27T17:50:00Z",
            "2026-11-30T09:00:00Z",
            "2026-11-30T09:15:00Z"),
        // Vixie cron: day-of-month OR day-of-week when both are restricted (Mar 1 2026 is a
        // Sunday).
        row(
            "0 12 1 * MON",
            UTC,
            "2026-02-27T00:00:00Z",
            "2026-03-01T12:00:00Z",
            "2026-03-02T12:00:00Z",
            "2026-03-09T12:00:00Z"),
        // 0 and 7 are both Sunday; names for months and days.
        row(
            "0 8 * * 7",
            UTC,
            "2026-02-02T00:00:00Z",
            "2026-02-08T08:00:00Z",
            "2026-02-15T08:00:00Z"),
        row(
            "0 8 * * 0",
            UTC,
            "2026-02-02T00:00:00Z",
            "2026-02-08T08:00:00Z",
            "2026-02-15T08:00:00Z"),
        row(
            "0 6 * JAN,JUL SUN",
            UTC,
            "2026-06-30T00:00:00Z",
            "2026-07-05T06:00:00Z",
            "2026-07-12T06:00:00Z"),
        // New York, spring 2026: 02:30 does not exist on Mar 8 and fires at 03:30 EDT.
        row(
            "30 2 * * *",
            NEW_YORK,
            "2026-03-07T12:00:00Z",
            "2026-03-08T07:30:00Z",
            "2026-03-09T06:30:00Z"),
        row(
            "*/30 * * * *",
            NEW_YORK,
            "2026-03-08T06:00:00Z",
            "2026-03-08T06:30:00Z",
            "2026-03-08T07:00:00Z",
            "2026-03-08T07:30:00Z",
            "2026-03-08T08:00:00Z"),
        // New York, autumn 2026: 01:30 happens twice on Nov 1 and fires once, at EDT.
        row(
            "30 1 * * *",
            NEW_YORK,
            "2026-10-31T12:00:00Z",
            "2026-11-01T05:30:00Z",
            "2026-11-02T06:30:00Z"),
        row(
            "*/30 * * * *",
            NEW_YORK,
            "2026-11-01T05:00:00Z",
            "2026-11-01T05:30:00Z",
            "2026-11-01T07:00:00Z",
            "2026-11-01T07:30:00Z"),
        // Created during the repeated hour (01:10 EST): the later pass's times still ahead fire.
        row(
            "*/15 * * * *",
            NEW_YORK,
            "2026-11-01T06:10:00Z",
            "2026-11-01T06:15:00Z",
            "2026-11-01T06:30:00Z",
            "2026-11-01T06:45:00Z",
            "2026-11-01T07:00:00Z"),
        // New York 2027.
        row(
            "0 2 * * *",
            NEW_YORK,
            "2027-03-13T12:00:00Z",
            "2027-03-14T07:00:00Z",
            "2027-03-15T06:00:00Z"),
        row(
            "0 1 * * 0",
            NEW_YORK,
            "2027-11-01T00:00:00Z",
            "2027-11-07T05:00:00Z",
            "2027-11-14T06:00:00Z"),
        // London 2026: weekdays at 09:00 across the change; 01:30 in the gap and in the repeat.
        row(
            "0 9 * * 1-5",
            LONDON,
            "2026-03-27T10:00:00Z",
            "2026-03-30T08:00:00Z",
            "2026-03-31T08:00:00Z"),
        row(
            "30 1 * * *",
            LONDON,
            "2026-03-28T12:00:00Z",
            "2026-03-29T01:30:00Z",
            "2026-03-30T00:30:00Z"),
        row(
            "30 1 * * *",
            LONDON,
            "2026-10-24T12:00:00Z",
            "2026-10-25T00:30:00Z",
            "2026-10-26T01:30:00Z"),
        // London 2027.
        row(
            "15 1 * * *",
            LONDON,
            "2027-03-27T12:00:00Z",
            "2027-03-28T01:15:00Z",
            "2027-03-29T00:15:00Z"),
        row(
            "15 1 31 10 *",
            LONDON,
            "2027-10-01T00:00:00Z",
            "2027-10-31T00:15:00Z",
            "2028-10-31T01:15:00Z"));
  }

  private static Arguments row(String cron, String zone, String after, String... expected) {
    return Arguments.of(cron, zone, after, Arrays.asList(expected));
  }

  @ParameterizedTest(name = "{0} in {1} after {2}")
  @MethodSource("table")
  void computes_the_next_fire_times(String cron, String zone, String after, List<String> expected) {
    CronCadence cadence = CronCadence.parse(cron, ZoneId.of(zone));
    List<String> actual = new ArrayList<>();
    Instant t = Instant.parse(after);
    for (int i = 0; i < expected.size(); i++) {
      t = cadence.next(t).orElseThrow();
      actual.add(t.toString());
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 0 30 2 *", "0 0 31 4 *"})
  void expressions_that_never_fire_are_rejected(String cron) {
    assertThatThrownBy(() -> CronCadence.parse(cron, ZoneId.of("UTC")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never fires");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "61 * * * *",
        "* * * *",
        "0 0 * * * *",
        "0 0 * * 8",
        "0 25 * * *",
        "every day",
        ""
      })
  void malformed_expressions_are_rejected(String cron) {
    assertThatThrownBy(() -> CronCadence.parse(cron, ZoneId.of("UTC")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void intervals_anchor_on_the_previous_nominal_time() {
    IntervalCadence hourly = new IntervalCadence(Duration.ofHours(1));
    Instant nominal = Instant.parse("2026-01-15T10:00:00Z");

    assertThat(hourly.next(nominal)).contains(Instant.parse("2026-01-15T11:00:00Z"));
    // After downtime the phase is kept: 10:00 anchor, now 13:20 → next 14:00.
    assertThat(hourly.nextOnCadence(nominal, Instant.parse("2026-01-15T13:20:00Z")))
        .isEqualTo(Instant.parse("2026-01-15T14:00:00Z"));
    assertThat(hourly.nextOnCadence(nominal, Instant.parse("2026-01-15T14:00:00Z")))
        .isEqualTo(Instant.parse("2026-01-15T15:00:00Z"));
  }
}
