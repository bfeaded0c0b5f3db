package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.DelayUnit;
import dev.chronos.Interval;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CadenceDescriptionTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "* * * * *          | every minute",
        "*/1 * * * *        | every minute",
        "*/15 * * * *       | every 15 minutes",
        "0/5 * * * *        | every 5 minutes",
        "5 * * * *          | every hour at :05",
        "0 */2 * * *        | every 2 hours at :00, Europe/London",
        "30 */1 * * *       | every hour at :30, Europe/London",
        "0 9 * * *          | every day at 09:00, Europe/London",
        "0 9 * * 1-5        | every weekday at 09:00, Europe/London",
        "0 9 * * MON-FRI    | every weekday at 09:00, Europe/London",
        "0 9 * * mon-fri    | every weekday at 09:00, Europe/London",
        "0 9 * * 1,2,3,4,5  | every weekday at 09:00, Europe/London",
        "30 8 * * 0,6       | every weekend day at 08:30, Europe/London",
        "30 8 * * 6,7       | every weekend day at 08:30, Europe/London",
        "0 9 * * 1          | every Monday at 09:00, Europe/London",
        "0 9 * * 7          | every Sunday at 09:00, Europe/London",
        "0 9 * * 1,5        | every Monday and Friday at 09:00, Europe/London",
        "0 9 * * MON,WED,FRI | every Monday, Wednesday and Friday at 09:00, Europe/London",
        "0 9 * * 0-6        | every day at 09:00, Europe/London",
        "0 9,17 * * *       | every day at 09:00 and 17:00, Europe/London",
        "15 6,12,18 * * 1-5 | every weekday at 06:15, 12:15 and 18:15, Europe/London",
        "0 0 1 * *          | on day 1 of every month at 00:00, Europe/London",
        "0 6 1,15 * *       | on days 1 and 15 of every month at 06:00, Europe/London",
        "0 0 25 12 *        | every year on 25 December at 00:00, Europe/London",
        "0 0 1 JAN *        | every year on 1 January at 00:00, Europe/London",
        "0 0 1 1,7 *        | on day 1 of January and July at 00:00, Europe/London",
        "0 12 * 6-8 *       | every day in June, July and August at 12:00, Europe/London",
      })
  void says_common_cron_forms_in_words(String cron, String words) {
    assertThat(CadenceDescription.of(cron, LONDON)).isEqualTo(words);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 9-17 * * 1-5",
        "*/10 9-17 * * *",
        "0 9 1 * 1",
        "0 9 L * *",
        "0 9 * * 1#2",
        "5-10 * * * *",
        "0 0 1-7,15 * *",
        "0 0,1,2,3,4,5,6 * * *",
        "0 9 * 1 1",
        "*/7 */3 * * *",
      })
  void gives_back_the_expression_when_words_would_mislead(String cron) {
    assertThat(CadenceDescription.of(cron, LONDON)).isEqualTo(cron);
  }

  @Test
  void extra_spaces_are_ignored_and_other_zones_are_named() {
    assertThat(CadenceDescription.of("  0   9 * *   1-5 ", ZoneId.of("UTC")))
        .isEqualTo("every weekday at 09:00, UTC");
    assertThat(CadenceDescription.of("0 9 * *", LONDON)).isEqualTo("0 9 * *");
  }

  @Test
  void says_intervals() {
    assertThat(CadenceDescription.of(Interval.of(1, DelayUnit.MINUTE))).isEqualTo("every minute");
    assertThat(CadenceDescription.of(Interval.of(15, DelayUnit.MINUTE)))
        .isEqualTo("every 15 minutes");
    assertThat(CadenceDescription.of(Interval.of(1, DelayUnit.HOUR))).isEqualTo("every hour");
    assertThat(CadenceDescription.of(Interval.of(2, DelayUnit.DAY))).isEqualTo("every 2 days");
    assertThat(CadenceDescription.of(Interval.of(30, DelayUnit.SECOND)))
        .isEqualTo("every 30 seconds");
    assertThat(CadenceDescription.of(Interval.of(1, DelayUnit.WEEK))).isEqualTo("every week");
  }
}
