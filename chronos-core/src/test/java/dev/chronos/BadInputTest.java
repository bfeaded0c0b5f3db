package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.internal.PayloadRules;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input of every shape ends as a validation error naming the field, never anything else. */
class BadInputTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** {"a": {"a": ... {"leaf": 1}}} with {@code levels} objects, built without recursion. */
  private static ObjectNode nested(int levels) {
    ObjectNode root = NODES.objectNode();
    ObjectNode current = root;
    for (int i = 1; i < levels; i++) {
      current = current.putObject("a");
    }
    current.put("leaf", 1);
    return root;
  }

  private static ObjectNode jobBody(JsonNode payload) {
    ObjectNode body = NODES.objectNode().put("name", "n").put("handler", "h");
    body.set("payload", payload);
    return body;
  }

  private static ObjectNode scheduleBody(JsonNode payload) {
    ObjectNode body =
        NODES.objectNode().put("name", "n").put("handler", "h").put("cron", "* * * * *");
    body.set("payload", payload);
    return body;
  }

  @Test
  void a_push_job_with_an_invalid_handler_names_the_handler() {
    // Before the fix: IllegalArgumentException "a validation exception needs at least one error".
    String body =
        """
        {"name": "n", "handler": "  notify",
         "delivery": {"type": "push", "http": {"url": "https://example.com/hook", "method": "POST"}}}
        """;
    assertThatThrownBy(() -> JobRequest.fromJson(body))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo("validation_error");
              assertThat(e.fields()).containsExactly("handler");
            });
  }

  @Test
  void a_push_job_whose_delivery_fails_and_whose_handler_is_invalid_names_both() {
    String body =
        "{\"name\": \"n\", \"handler\": \" x\", \"delivery\": {\"type\": \"push\", \"http\": {}}}";
    assertThatThrownBy(() -> JobRequest.fromJson(body))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e ->
                assertThat(e.fields())
                    .contains("handler", "delivery.http.url", "delivery.http.method"));
  }

  @Test
  void a_push_schedule_with_an_invalid_handler_names_the_handler() {
    String body =
        """
        {"name": "n", "handler": "notify ", "cron": "* * * * *",
         "delivery": {"type": "push", "http": {"url": "https://example.com/hook", "method": "POST"}}}
        """;
    assertThatThrownBy(() -> ScheduleRequest.fromJson(body))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("handler"));
  }

  @Test
  void a_validation_exception_cannot_be_made_empty() {
    assertThatThrownBy(() -> new ValidationException(java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_payload_tree_a_hundred_thousand_levels_deep_is_a_validation_error_for_jobs() {
    // Before the fix: UncheckedIOException from Jackson's write depth limit, or StackOverflowError.
    ObjectNode deep = nested(100_000);
    assertThatThrownBy(() -> JobRequest.fromJson(jobBody(deep)))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> {
              assertThat(e.fields()).containsExactly("payload");
              assertThat(e.getMessage()).contains("at most 64 levels");
            });
    assertThatThrownBy(() -> JobRequest.builder().name("n").handler("h").payload(deep).build())
        .isInstanceOfSatisfying(
            JobValidationException.class, e -> assertThat(e.fields()).containsExactly("payload"));
  }

  @Test
  void a_payload_tree_a_hundred_thousand_levels_deep_is_a_validation_error_for_schedules() {
    ObjectNode deep = nested(100_000);
    assertThatThrownBy(() -> ScheduleRequest.fromJson(scheduleBody(deep)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("payload"));
    assertThatThrownBy(
            () ->
                ScheduleRequest.builder()
                    .name("n")
                    .handler("h")
                    .cron("* * * * *")
                    .payload(deep)
                    .build())
        .isInstanceOf(ValidationException.class);
    ObjectNode patch = NODES.objectNode();
    patch.set("payload", deep);
    assertThatThrownBy(() -> ScheduleUpdate.fromJson(patch))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("payload"));
    assertThatThrownBy(() -> ScheduleUpdate.builder().payload(deep).build())
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void sixty_four_levels_are_accepted_and_sixty_five_are_not() {
    assertThat(JobRequest.fromJson(jobBody(nested(PayloadRules.MAX_DEPTH))).payload()).isNotNull();
    ArrayNode arrays = NODES.arrayNode();
    ArrayNode current = arrays;
    for (int i = 2; i < PayloadRules.MAX_DEPTH; i++) {
      current = current.addArray();
    }
    assertThat(JobRequest.fromJson(jobBody(NODES.objectNode().set("list", arrays))).payload())
        .isNotNull(); // the object is level 1, so 63 arrays inside it make 64
    assertThatThrownBy(() -> JobRequest.fromJson(jobBody(nested(PayloadRules.MAX_DEPTH + 1))))
        .isInstanceOf(JobValidationException.class);
  }

  @Test
  void json_text_nested_past_the_reader_limit_is_an_error_on_the_body() {
    String text =
        "{\"name\": \"n\", \"handler\": \"h\", \"payload\": "
            + "[".repeat(5000)
            + "]".repeat(5000)
            + "}";
    assertThatThrownBy(() -> JobRequest.fromJson(text))
        .isInstanceOfSatisfying(
            JobValidationException.class, e -> assertThat(e.fields()).containsExactly("body"));
  }

  @Test
  void a_nul_in_a_payload_value_at_any_depth_names_its_path() {
    ObjectNode payload = NODES.objectNode();
    payload.putObject("user").putArray("tags").add("ok").add("bad\u0000tag");
    assertThatThrownBy(() -> JobRequest.fromJson(jobBody(payload)))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> {
              assertThat(e.fields()).containsExactly("payload.user.tags[1]");
              assertThat(e.getMessage()).contains("U+0000");
            });
    assertThatThrownBy(() -> ScheduleRequest.fromJson(scheduleBody(payload)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("payload.user.tags[1]"));
  }

  @Test
  void a_nul_in_a_payload_key_names_the_key_escaped() {
    ObjectNode payload = NODES.objectNode();
    payload.putObject("outer").put("in\u0000ner", 1);
    assertThatThrownBy(() -> JobRequest.builder().name("n").handler("h").payload(payload).build())
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> assertThat(e.fields()).containsExactly("payload.outer.in\\u0000ner"));
  }

  @Test
  void a_nul_in_a_text_field_is_an_error_on_that_field() {
    assertThatThrownBy(
            () ->
                JobRequest.fromJson(
                    "{\"name\": \"a\\u0000b\", \"handler\": \"h\", \"idempotency_key\": \"k\\u0000\","
                        + " \"account\": \"\\u0000acct\"}"))
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> assertThat(e.fields()).containsExactly("name", "idempotency_key", "account"));
    assertThatThrownBy(
            () ->
                ScheduleRequest.builder()
                    .name("n")
                    .description("d\u0000")
                    .handler("h")
                    .cron("* * * * *\u0000")
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("description", "cron"));
    assertThatThrownBy(
            () ->
                ScheduleRequest.builder()
                    .name("n")
                    .handler("h")
                    .cron("* * * * *")
                    .timezone("UTC\u0000")
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("timezone"));
  }

  @Test
  void an_unpaired_surrogate_is_refused_like_a_nul() {
    assertThatThrownBy(
            () ->
                JobRequest.builder().name("n").handler("h").payload(Map.of("k", "\ud800")).build())
        .isInstanceOfSatisfying(
            JobValidationException.class, e -> assertThat(e.fields()).containsExactly("payload.k"));
  }

  /** A class Jackson finds no properties on. */
  static final class NoGetters {
    @SuppressWarnings("unused")
    private final int hidden = 1;
  }

  @Test
  void a_payload_jackson_cannot_convert_is_an_error_on_payload_with_advice() {
    assertThatThrownBy(
            () -> JobRequest.builder().name("n").handler("h").payload(new NoGetters()).build())
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> {
              assertThat(e.fields()).containsExactly("payload");
              assertThat(e.getMessage()).contains("own ObjectMapper");
            });
  }

  @Test
  void a_payload_map_that_contains_itself_or_nests_too_deeply_is_an_error_on_payload() {
    Map<String, Object> self = new HashMap<>();
    self.put("me", self);
    assertThatThrownBy(() -> JobRequest.builder().name("n").handler("h").payload(self).build())
        .isInstanceOfSatisfying(
            JobValidationException.class, e -> assertThat(e.fields()).containsExactly("payload"));
    Map<String, Object> root = new HashMap<>();
    Map<String, Object> current = root;
    for (int i = 0; i < 50_000; i++) {
      Map<String, Object> next = new HashMap<>();
      current.put("a", next);
      current = next;
    }
    assertThatThrownBy(
            () ->
                ScheduleRequest.builder()
                    .name("n")
                    .handler("h")
                    .interval(1, DelayUnit.HOUR)
                    .payload(root)
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("payload"));
  }

  @Test
  void every_other_field_is_still_reported_beside_a_bad_payload() {
    assertThatThrownBy(
            () -> JobRequest.builder().handler("h").maxRetries(-1).payload(nested(1000)).build())
        .isInstanceOfSatisfying(
            JobValidationException.class,
            e -> assertThat(e.fields()).containsExactly("name", "payload", "max_retries"));
  }

  @Test
  void schedule_and_query_errors_are_validation_exceptions_but_not_job_ones() {
    assertThatThrownBy(() -> ScheduleRequest.fromJson("{}"))
        .isInstanceOf(ValidationException.class)
        .isNotInstanceOf(JobValidationException.class);
    assertThatThrownBy(() -> JobQuery.builder().page(0).build())
        .isInstanceOf(ValidationException.class)
        .isNotInstanceOf(JobValidationException.class);
    assertThatThrownBy(() -> ScheduleQuery.builder().size(101).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.fields()).containsExactly("size"));
    assertThatThrownBy(() -> JobRequest.fromJson("{")).isInstanceOf(JobValidationException.class);
  }
}
