package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRequestJsonTest {

  @Test
  void reads_every_field_of_the_api_body() {
    JobRequest r =
        JobRequest.fromJson(
            """
            {"name": "Critical charge", "handler": "charge-invoice",
             "delay": {"value": 1, "unit": "hour"}, "timeout": 60, "max_retries": 5,
             "idempotency_key": "charge-inv_789", "account": "acme",
             "delivery": {"type": "push", "http": {"url": "https://example.com/hook",
                          "method": "put", "headers": {"X-Team": "billing"}}},
             "payload": {"invoiceId": "inv_789", "lines": [1, 2]}}
            """);

    assertThat(r.name()).isEqualTo("Critical charge");
    assertThat(r.handler()).isEqualTo("charge-invoice");
    assertThat(r.delay()).contains(Delay.of(1, DelayUnit.HOUR));
    assertThat(r.scheduledFor()).isEmpty();
    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(r.maxRetries()).isEqualTo(5);
    assertThat(r.idempotencyKey()).contains("charge-inv_789");
    assertThat(r.account()).isEqualTo("acme");
    assertThat(r.delivery())
        .isEqualTo(Delivery.push("https://example.com/hook", "PUT", Map.of("X-Team", "billing")));
    assertThat(r.payload().get("lines").size()).isEqualTo(2);
  }

  @Test
  void applies_the_documented_defaults() {
    JobRequest r = JobRequest.fromJson("{\"name\": \"n\", \"handler\": \"h\"}");

    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.maxRetries()).isEqualTo(3);
    assertThat(r.delivery()).isEqualTo(Delivery.pull());
    assertThat(r.account()).isEqualTo("default");
    assertThat(r.payload()).isNull();
    assertThat(r.delay()).isEmpty();
  }

  @Test
  void reads_scheduled_for_with_any_offset_as_an_instant() {
    JobRequest r =
        JobRequest.fromJson(
            "{\"name\": \"n\", \"handler\": \"h\", \"scheduled_for\": \"2027-02-15T01:00:00+01:00\"}");

    assertThat(r.scheduledFor()).contains(Instant.parse("2027-02-15T00:00:00Z"));
  }

  @Test
  void writes_what_it_reads() {
    JobRequest original =
        JobRequest.builder()
            .name("Expire trial")
            .handler("expire-trial")
            .scheduledFor(Instant.parse("2027-02-15T00:00:00Z"))
            .payload(Map.of("accountId", "acc_456"))
            .idempotencyKey("expire-acc_456")
            .maxRetries(0)
            .build();

    JsonNode json = original.toJson();

    assertThat(json.get("scheduled_for").asText()).isEqualTo("2027-02-15T00:00:00Z");
    assertThat(json.get("max_retries").asInt()).isZero();
    assertThat(JobRequest.fromJson(Json.write(json))).isEqualTo(original);
  }

  @Test
  void push_delivery_needs_no_handler() {
    JobRequest r =
        JobRequest.fromJson(
            """
            {"name": "n", "delivery": {"type": "push",
              "http": {"url": "https://example.com/x", "method": "POST"}}}
            """);

    assertThat(r.handler()).isNull();
    assertThat(r.delivery()).isInstanceOf(Delivery.Push.class);
  }

  @Test
  void reports_every_invalid_field_at_once() {
    assertThatThrownBy(
            () ->
                JobRequest.fromJson(
                    """
                    {"name": 42, "handler": "h", "timeout": 0, "max_retries": -1,
                     "delay": {"value": 2, "unit": "year"}, "colour": "blue"}
                    """))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo("validation_error");
              assertThat(e.fields())
                  .containsExactlyInAnyOrder(
                      "colour", "name", "delay.unit", "timeout", "max_retries");
              assertThat(e.getMessage()).contains("name must be a string");
            });
  }

  @Test
  void a_failed_push_delivery_does_not_also_demand_a_handler() {
    assertThatThrownBy(
            () ->
                JobRequest.fromJson(
                    "{\"name\": \"n\", \"delivery\": {\"type\": \"push\", \"http\": {\"method\": \"POST\"}}}"))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> assertThat(e.fields()).containsExactly("delivery.http.url"));
  }

  @Test
  void the_builder_checks_the_same_rules() {
    assertThatThrownBy(() -> JobRequest.builder().handler("h").timeoutSeconds(0).build())
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> assertThat(e.fields()).containsExactly("name", "timeout"));
    assertThatThrownBy(() -> JobRequest.builder().delay(0, DelayUnit.SECOND))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> assertThat(e.fields()).containsExactly("delay.value"));
  }
}
