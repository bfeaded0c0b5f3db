package dev.chronos.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The payload fingerprint: one value per JSON value, however it is spelled or typed. */
class PayloadFingerprintTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String of(String json) throws Exception {
    return PayloadFingerprint.of(JSON.readTree(json));
  }

  @Test
  void member_order_white_space_and_number_spelling_do_not_matter() throws Exception {
    String a = of("{\"a\":1,\"b\":[1.50,\"x\",true,null],\"c\":{\"d\":-0.0}}");

    assertThat(of("{ \"c\" : {\"d\": 0}, \"b\": [1.5, \"x\", true, null], \"a\": 1.0 }"))
        .isEqualTo(a);
    assertThat(of("{\"a\":1e0,\"b\":[15e-1,\"x\",true,null],\"c\":{\"d\":0}}")).isEqualTo(a);
    assertThat(a).hasSize(64).matches("[0-9a-f]{64}");
  }

  @Test
  void node_types_of_the_same_number_agree() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode ints = f.objectNode().put("n", 5);
    ObjectNode longs = f.objectNode().put("n", 5L);
    ObjectNode decimals = f.objectNode().put("n", new BigDecimal("5.000"));
    ObjectNode doubles = f.objectNode().put("n", 5.0d);

    assertThat(PayloadFingerprint.of(longs)).isEqualTo(PayloadFingerprint.of(ints));
    assertThat(PayloadFingerprint.of(decimals)).isEqualTo(PayloadFingerprint.of(ints));
    assertThat(PayloadFingerprint.of(doubles)).isEqualTo(PayloadFingerprint.of(ints));
  }

  @Test
  void different_values_differ() throws Exception {
    String base = of("{\"user\":\"usr_1\"}");

    assertThat(of("{\"user\":\"usr_2\"}")).isNotEqualTo(base);
    assertThat(of("{\"user\":[\"usr_1\"]}")).isNotEqualTo(base);
    assertThat(of("{\"user\":\"usr_1\",\"x\":null}")).isNotEqualTo(base);
    assertThat(of("{\"a\":\"1\"}")).isNotEqualTo(of("{\"a\":1}"));
    assertThat(of("{\"a\\\"\":\"b\"}")).isNotEqualTo(of("{\"a\":\"\\\"b\"}"));
    assertThat(of("[1,2]")).isNotEqualTo(of("[2,1]"));
  }

  @Test
  void no_payload_is_the_fingerprint_of_json_null() {
    assertThat(PayloadFingerprint.of(null)).isEqualTo(PayloadFingerprint.of(NullNode.instance));
    assertThat(PayloadFingerprint.of(null))
        .isEqualTo("74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b");
  }

  @Test
  void a_deeply_nested_payload_needs_no_deep_thread_stack() {
    JsonNode deep = JsonNodeFactory.instance.objectNode();
    JsonNode cursor = deep;
    for (int i = 0; i < 100_000; i++) {
      ArrayNode next = JsonNodeFactory.instance.arrayNode();
      if (cursor instanceof ObjectNode o) {
        o.set("a", next);
      } else {
        ((ArrayNode) cursor).add(next);
      }
      cursor = next;
    }

    assertThat(PayloadFingerprint.of(deep)).hasSize(64);
  }
}
