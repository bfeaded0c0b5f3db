package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each validation rule of a one-off job: the right field is named and nothing is stored. */
class ValidationMatrixTest {
  private static final String OK = "\"name\": \"n\", \"handler\": \"h\"";
  private static final String LONG = "x".repeat(256);

  private final MutableClock clock = MutableClock.fixed(); // 2026-01-15T09:00:00Z
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final ChronosEngine chronos = TestNodes.inline(TestNodes.builder(store, clock));

  @AfterEach
  void close() {
    chronos.close();
  }

  static Stream<Arguments> badBodies() {
    String bigPayload = "{\"blob\": \"" + "a".repeat(64 * 1024) + "\"}";
    return Stream.of(
        Arguments.of("malformed JSON", "{\"name\": ", "body"),
        Arguments.of("trailing text after the object", "{" + OK + "} and more", "body"),
        Arguments.of("a field given twice", "{" + OK + ", \"name\": \"again\"}", "body"),
        Arguments.of(
            "unknown field inside delay",
            "{" + OK + ", \"delay\": {\"value\": 2, \"unit\": \"hour\", \"jitter\": 1}}",
            "delay.jitter"),
        Arguments.of(
            "http settings on a pull delivery",
            "{" + OK + ", \"delivery\": {\"type\": \"pull\", \"http\": {}}}",
            "delivery.http"),
        Arguments.of("not an object", "[1, 2]", "body"),
        Arguments.of("name missing", "{\"handler\": \"h\"}", "name"),
        Arguments.of("name blank", "{\"name\": \"  \", \"handler\": \"h\"}", "name"),
        Arguments.of("name too long", "{\"name\": \"" + LONG + "\", \"handler\": \"h\"}", "name"),
        Arguments.of("name not a string", "{\"name\": 7, \"handler\": \"h\"}", "name"),
        Arguments.of("handler missing for pull", "{\"name\": \"n\"}", "handler"),
        Arguments.of(
            "handler too long", "{\"name\": \"n\", \"handler\": \"" + LONG + "\"}", "handler"),
        Arguments.of("handler not a string", "{\"name\": \"n\", \"handler\": [\"h\"]}", "handler"),
        Arguments.of("payload an array", "{" + OK + ", \"payload\": [1]}", "payload"),
        Arguments.of("payload a string", "{" + OK + ", \"payload\": \"x\"}", "payload"),
        Arguments.of("payload empty", "{" + OK + ", \"payload\": {}}", "payload"),
        Arguments.of(
            "payload over 64 KB", "{" + OK + ", \"payload\": " + bigPayload + "}", "payload"),
        Arguments.of(
            "delay zero",
            "{" + OK + ", \"delay\": {\"value\": 0, \"unit\": \"hour\"}}",
            "delay.value"),
        Arguments.of(
            "delay negative",
            "{" + OK + ", \"delay\": {\"value\": -3, \"unit\": \"hour\"}}",
            "delay.value"),
        Arguments.of(
            "delay fractional",
            "{" + OK + ", \"delay\": {\"value\": 1.5, \"unit\": \"hour\"}}",
            "delay.value"),
        Arguments.of(
            "delay value a string",
            "{" + OK + ", \"delay\": {\"value\": \"2\", \"unit\": \"hour\"}}",
            "delay.value"),
        Arguments.of(
            "delay value missing", "{" + OK + ", \"delay\": {\"unit\": \"hour\"}}", "delay.value"),
        Arguments.of(
            "delay unknown unit",
            "{" + OK + ", \"delay\": {\"value\": 2, \"unit\": \"month\"}}",
            "delay.unit"),
        Arguments.of("delay unit missing", "{" + OK + ", \"delay\": {\"value\": 2}}", "delay.unit"),
        Arguments.of("delay not an object", "{" + OK + ", \"delay\": 5}", "delay"),
        Arguments.of(
            "delay over ten years",
            "{" + OK + ", \"delay\": {\"value\": 600, \"unit\": \"week\"}}",
            "delay.value"),
        Arguments.of(
            "both delay and scheduled_for",
            "{"
                + OK
                + ", \"delay\": {\"value\": 2, \"unit\": \"hour\"}, \"scheduled_for\": \"2027-02-15T00:00:00Z\"}",
            "scheduled_for"),
        Arguments.of(
            "scheduled_for not a time",
            "{" + OK + ", \"scheduled_for\": \"tomorrow\"}",
            "scheduled_for"),
        Arguments.of(
            "scheduled_for without offset",
            "{" + OK + ", \"scheduled_for\": \"2027-02-15T00:00:00\"}",
            "scheduled_for"),
        Arguments.of(
            "scheduled_for in the past",
            "{" + OK + ", \"scheduled_for\": \"2026-01-15T08:59:59Z\"}",
            "scheduled_for"),
        Arguments.of(
            "scheduled_for more than ten years ahead",
            "{" + OK + ", \"scheduled_for\": \"+999999999-12-31T23:59:59Z\"}",
            "scheduled_for"),
        Arguments.of(
            "a NUL in a payload string",
            "{" + OK + ", \"payload\": {\"a\": {\"b\": \"x\\u0000y\"}}}",
            "payload.a.b"),
        Arguments.of(
            "a push job with a handler that starts with spaces",
            "{\"name\": \"n\", \"handler\": \"  notify\", \"delivery\": {\"type\": \"push\","
                + " \"http\": {\"url\": \"https://example.com/h\", \"method\": \"POST\"}}}",
            "handler"),
        Arguments.of("timeout zero", "{" + OK + ", \"timeout\": 0}", "timeout"),
        Arguments.of("timeout negative", "{" + OK + ", \"timeout\": -5}", "timeout"),
        Arguments.of("timeout a string", "{" + OK + ", \"timeout\": \"60\"}", "timeout"),
        Arguments.of("timeout over seven days", "{" + OK + ", \"timeout\": 604801}", "timeout"),
        Arguments.of("max_retries negative", "{" + OK + ", \"max_retries\": -1}", "max_retries"),
        Arguments.of("max_retries over 100", "{" + OK + ", \"max_retries\": 101}", "max_retries"),
        Arguments.of("max_retries fractional", "{" + OK + ", \"max_retries\": 1.5}", "max_retries"),
        Arguments.of(
            "idempotency_key of 256 characters",
            "{" + OK + ", \"idempotency_key\": \"" + LONG + "\"}",
            "idempotency_key"),
        Arguments.of(
            "idempotency_key empty", "{" + OK + ", \"idempotency_key\": \"\"}", "idempotency_key"),
        Arguments.of(
            "idempotency_key a number", "{" + OK + ", \"idempotency_key\": 12}", "idempotency_key"),
        Arguments.of("account too long", "{" + OK + ", \"account\": \"" + LONG + "\"}", "account"),
        Arguments.of(
            "unknown field",
            "{" + OK + ", \"schedule_for\": \"2027-02-15T00:00:00Z\"}",
            "schedule_for"),
        Arguments.of(
            "delivery unknown type",
            "{" + OK + ", \"delivery\": {\"type\": \"pigeon\"}}",
            "delivery.type"),
        Arguments.of("delivery type missing", "{" + OK + ", \"delivery\": {}}", "delivery.type"),
        Arguments.of(
            "push without http",
            "{" + OK + ", \"delivery\": {\"type\": \"push\"}}",
            "delivery.http"),
        Arguments.of(
            "push relative url",
            "{"
                + OK
                + ", \"delivery\": {\"type\": \"push\", \"http\": {\"url\": \"/hooks\", \"method\": \"POST\"}}}",
            "delivery.http.url"),
        Arguments.of(
            "push ftp url",
            "{"
                + OK
                + ", \"delivery\": {\"type\": \"push\", \"http\": {\"url\": \"ftp://example.com/x\", \"method\": \"POST\"}}}",
            "delivery.http.url"),
        Arguments.of(
            "push url with user info",
            "{"
                + OK
                + ", \"delivery\": {\"type\": \"push\", \"http\": {\"url\": \"https://u:p@example.com/x\", \"method\": \"POST\"}}}",
            "delivery.http.url"),
        Arguments.of(
            "push unknown method",
            "{"
                + OK
                + ", \"delivery\": {\"type\": \"push\", \"http\": {\"url\": \"https://example.com/x\", \"method\": \"TRACE\"}}}",
            "delivery.http.method"),
        Arguments.of(
            "push header not a string",
            "{"
                + OK
                + ", \"delivery\": {\"type\": \"push\", \"http\": {\"url\": \"https://example.com/x\", \"method\": \"POST\", \"headers\": {\"X-N\": 1}}}}",
            "delivery.http.headers.X-N"),
        Arguments.of(
            "push header reserved",
            "{"
                + OK
                + ", \"delivery\": {\"type\": \"push\", \"http\": {\"url\": \"https://example.com/x\", \"method\": \"POST\", \"headers\": {\"X-Chronos-Signature\": \"forged\"}}}}",
            "delivery.http.headers.X-Chronos-Signature"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void rejects_bad_input_naming_the_field_and_stores_nothing(
      String rule, String body, String field) {
    assertThatThrownBy(() -> chronos.submit(JobRequest.fromJson(body)))
        .as(rule)
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo("validation_error");
              assertThat(e.fields()).contains(field);
              assertThat(e.getMessage()).contains(field);
            });
    assertThat(chronos.jobs(JobQuery.all()).total()).isZero();
  }

  @Test
  void reports_all_offending_fields_of_one_body_together() {
    String body =
        "{\"name\": \"\", \"timeout\": -1, \"max_retries\": -1, \"payload\": {},"
            + " \"idempotency_key\": \""
            + LONG
            + "\"}";

    assertThatThrownBy(() -> JobRequest.fromJson(body))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e ->
                assertThat(e.fields())
                    .containsExactlyInAnyOrder(
                        "name", "handler", "payload", "idempotency_key", "timeout", "max_retries"));
  }

  @Test
  void a_batch_with_one_bad_request_stores_none_and_names_its_index() {
    JobRequest good = JobRequest.builder().name("ok").handler("h").build();
    JobRequest past =
        JobRequest.builder()
            .name("late")
            .handler("h")
            .scheduledFor(clock.instant().minusSeconds(1))
            .build();

    assertThatThrownBy(() -> chronos.submitAll(java.util.List.of(good, past, good)))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> assertThat(e.fields()).containsExactly("[1].scheduled_for"));
    assertThat(chronos.jobs(JobQuery.all()).total()).isZero();
  }
}
