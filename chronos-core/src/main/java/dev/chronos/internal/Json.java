package dev.chronos.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The one configured Jackson mapper, and the conversions the model uses. Thread-safe. */
public final class Json {
  /**
   * The mapper: ISO-8601 times, no failure on unknown bean properties, strict parsing (trailing
   * text and duplicate keys are errors). Private so that no caller can reconfigure it.
   */
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

  private Json() {}

  /** A new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Converts any value (map, record, bean, JsonNode) to a tree with the default mapper.
   *
   * @throws IllegalArgumentException saying why, if the value cannot be converted
   */
  public static JsonNode toTree(Object value) {
    return toTree(MAPPER, value);
  }

  /**
   * Converts any value to a tree with a mapper. A value Jackson cannot convert (a class without
   * properties, a getter that throws, a structure nested too deeply or referring to itself) is
   * reported as an {@link IllegalArgumentException} whose message says why, never as a Jackson or
   * stack overflow error.
   *
   * @throws IllegalArgumentException saying why, if the value cannot be converted
   */
  public static JsonNode toTree(ObjectMapper mapper, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    try {
      return mapper.valueToTree(value);
    } catch (StackOverflowError e) {
      // Converting recurses once per level: a structure this deep, or one that contains itself,
      // cannot be a payload. The overflow is caught right where it was thrown, at no lock.
      throw new IllegalArgumentException(
          "cannot be converted to JSON: "
              + value.getClass().getName()
              + " is nested too deeply"
              + " or refers to itself");
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      throw new IllegalArgumentException(
          "cannot be converted to JSON by "
              + (mapper == MAPPER ? "Chronos's default mapper" : "the configured mapper")
              + ": "
              + reason.split("\n")[0]
              + (mapper == MAPPER
                  ? " (convert it with your own ObjectMapper and pass the JsonNode instead)"
                  : ""),
          e);
    }
  }

  /**
   * A new mapper configured like Chronos's default one, for the node's payload conversions when the
   * application does not bring its own.
   */
  public static ObjectMapper defaultMapper() {
    return MAPPER.copy();
  }

  /** Converts a tree to a type. */
  public static <T> T convert(JsonNode node, Class<T> type) throws JsonProcessingException {
    return MAPPER.treeToValue(node, type);
  }

  /** Serializes a tree to compact UTF-8 bytes. */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses UTF-8 JSON bytes. */
  public static JsonNode read(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serializes a tree compactly. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The serialized size of a tree in UTF-8 bytes. */
  public static int byteSize(JsonNode node) {
    return write(node).getBytes(StandardCharsets.UTF_8).length;
  }

  /** Parses JSON text into a tree. */
  public static JsonNode read(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /** Formats an instant as ISO-8601 in UTC, as the API writes times. */
  public static String time(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
