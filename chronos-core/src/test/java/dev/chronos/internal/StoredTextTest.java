package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredTextTest {

  @Test
  void control_characters_postgresql_refuses_are_replaced_and_line_breaks_kept() {
    assertThat(StoredText.clean("a\u0000b\u0007c\td\ne\rf", 100))
        .isEqualTo("a\uFFFDb\uFFFDc\td\ne\rf");
  }

  @Test
  void an_error_is_capped_at_four_thousand_characters() {
    assertThat(StoredText.error("x".repeat(10_000))).hasSize(StoredText.MAX_ERROR);
  }

  @Test
  void nul_inside_a_result_string_and_a_field_name_is_replaced_without_changing_the_given_tree() {
    JsonNode given =
        Json.toTree(
            Map.of("text", "bad byte \u0000", "nested", List.of("ok", "\u0000"), "k\u0000", 1));

    JsonNode stored = StoredText.result(given, 64 * 1024);

    assertThat(stored.get("text").asText()).isEqualTo("bad byte \uFFFD");
    assertThat(stored.get("nested").get(1).asText()).isEqualTo("\uFFFD");
    assertThat(stored.get("k\uFFFD").asInt()).isEqualTo(1);
    assertThat(Json.write(stored)).doesNotContain("\\u0000");
    assertThat(given.get("text").asText()).isEqualTo("bad byte \u0000");
  }

  @Test
  void a_clean_result_is_stored_as_it_is() {
    JsonNode given = Json.toTree(Map.of("ok", true));
    assertThat(StoredText.result(given, 1024)).isSameAs(given);
    assertThat(StoredText.result(TextNode.valueOf("\u0000"), 1024).asText()).isEqualTo("\uFFFD");
    assertThat(StoredText.result(null, 1024)).isNull();
  }

  @Test
  void a_result_over_the_limit_is_replaced_by_a_note_saying_it_was_truncated() {
    JsonNode big = TextNode.valueOf("x".repeat(2000));

    JsonNode stored = StoredText.result(big, 1024);

    assertThat(Json.write(stored))
        .isEqualTo("{\"truncated\":true,\"size\":2002,\"max_result_size\":1024}");
  }

  @Test
  void a_deeply_nested_result_does_not_overflow_the_stack_of_the_scan() {
    ArrayNode root = Json.object().arrayNode();
    ArrayNode current = root;
    for (int i = 0; i < 100_000; i++) {
      ArrayNode next = current.addArray();
      current = next;
    }
    ObjectNode leaf = current.addObject();
    leaf.put("fine", "yes");
    // Serializing it may fail (Jackson's depth limit); the scan for bad text itself must not.
    try {
      StoredText.result(root, 1024);
    } catch (RuntimeException e) {
      assertThat(e).isNotInstanceOf(ClassCastException.class);
    }
  }
}
