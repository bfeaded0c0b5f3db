package dev.chronos.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The fingerprint of a job's payload that a store keeps with its idempotency key, so that {@link
 * dev.chronos.OnConflict#RETURN_EXISTING_IF_SAME_PAYLOAD} can tell a repeated submit from a key
 * reused for other work without reading the stored payload back.
 *
 * <p>It is the lower-case hex SHA-256 of the payload's canonical JSON: object members sorted by
 * name (by UTF-16 code units), no white space, numbers written by value ({@code 1}, {@code 1.0} and
 * {@code 1e0} are one number), strings as JSON escapes them. So two payloads have the same
 * fingerprint when they are the same JSON value, however their keys were ordered or their numbers
 * spelled, and a store that reorders keys (PostgreSQL's {@code jsonb}) computes the same one. No
 * payload ({@code null}) has the fingerprint of JSON {@code null}. Stateless; thread-safe.
 */
public final class PayloadFingerprint {
  private PayloadFingerprint() {}

  /**
   * Computes the fingerprint.
   *
   * @param payload the payload, or null
   * @return 64 lower-case hex digits
   */
  public static String of(JsonNode payload) {
    StringBuilder canonical = new StringBuilder();
    write(payload, canonical);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Writes the canonical form, with an explicit stack so that depth costs no thread stack. */
  private static void write(JsonNode root, StringBuilder out) {
    List<Object> stack = new ArrayList<>();
    stack.add(root);
    while (!stack.isEmpty()) {
      Object next = stack.remove(stack.size() - 1);
      if (next instanceof String literal) {
        out.append(literal);
        continue;
      }
      JsonNode node = (JsonNode) next;
      if (node == null || node.isNull() || node.isMissingNode()) {
        out.append("null");
      } else if (node.isObject()) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
        fields.sort(Map.Entry.comparingByKey());
        // Pushed in reverse so that they come off the stack in order.
        stack.add("}");
        for (int i = fields.size() - 1; i >= 0; i--) {
          stack.add(fields.get(i).getValue());
          stack.add((i > 0 ? "," : "") + quoted(fields.get(i).getKey()) + ":");
        }
        stack.add("{");
      } else if (node.isArray()) {
        stack.add("]");
        for (int i = node.size() - 1; i >= 0; i--) {
          stack.add(node.get(i));
          if (i > 0) {
            stack.add(",");
          }
        }
        stack.add("[");
      } else if (node.isNumber()) {
        out.append(number(node));
      } else if (node.isTextual()) {
        out.append(quoted(node.textValue()));
      } else if (node.isBoolean()) {
        out.append(node.booleanValue());
      } else {
        out.append(quoted(node.asText())); // binary or POJO nodes: their text form
      }
    }
  }

  private static String number(JsonNode node) {
    BigDecimal value;
    if (node.isIntegralNumber()) {
      value = new BigDecimal(node.bigIntegerValue());
    } else if (node.isDouble() || node.isFloat()) {
      double d = node.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return quoted(Double.toString(d));
      }
      value = new BigDecimal(Double.toString(d));
    } else {
      value = node.decimalValue();
    }
    if (value.signum() == 0) {
      return "0";
    }
    return value.stripTrailingZeros().toString();
  }

  private static String quoted(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
