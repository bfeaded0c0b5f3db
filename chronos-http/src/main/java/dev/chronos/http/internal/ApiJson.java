package dev.chronos.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Page;
import dev.chronos.ValidationException.FieldError;
import java.util.List;
import java.util.function.Function;

/**
 * The API's JSON: a strict reader (duplicate keys, trailing text and non-standard JSON refused) and
 * the response envelope of the hosted API: {@code {success, message, data}} with {@code
 * meta.paging} for lists, {@code {success: false, message, code, errors}} for errors.
 */
public final class ApiJson {
  /** Writes responses and reads bodies; thread-safe once configured. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ApiJson() {}

  /** Parses a body; malformed JSON is a 400 {@code bad_request}. */
  public static JsonNode parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiError.badRequest("The request body is empty; send a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest(
          "The request body is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (java.io.IOException e) {
      throw ApiError.badRequest("The request body could not be read");
    }
  }

  /** A body that must be a JSON object. */
  public static ObjectNode object(byte[] body) {
    JsonNode node = parse(body);
    if (!node.isObject()) {
      throw ApiError.invalid("body", "must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** {@code {"success": true, "message": ..., "data": ...}}. */
  public static ObjectNode ok(String message, JsonNode data) {
    ObjectNode root = NODES.objectNode();
    root.put("success", true);
    root.put("message", message);
    root.set("data", data);
    return root;
  }

  /**
   * A page in the envelope, with {@code meta.paging}, {@code meta.next_cursor} (null when there is
   * no next page or the list has no cursors) and {@code meta.total_is_exact}.
   */
  public static <T> ObjectNode page(String message, Page<T> page, Function<T, JsonNode> item) {
    ArrayNode items = NODES.arrayNode();
    page.items().forEach(i -> items.add(item.apply(i)));
    ObjectNode root = ok(message, items);
    ObjectNode paging = root.putObject("meta").putObject("paging");
    paging.put("page", page.page());
    paging.put("pages", page.pages());
    paging.put("size", page.size());
    paging.put("total", page.total());
    ObjectNode meta = (ObjectNode) root.get("meta");
    meta.put("next_cursor", page.nextCursor().orElse(null));
    meta.put("total_is_exact", page.totalIsExact());
    return root;
  }

  /** {@code {"success": false, "message", "code", "errors": [{field, message}]}}. */
  public static ObjectNode error(String code, String message, List<FieldError> errors) {
    ObjectNode root = NODES.objectNode();
    root.put("success", false);
    root.put("message", message);
    root.put("code", code);
    ArrayNode list = root.putArray("errors");
    for (FieldError e : errors) {
      list.addObject().put("field", e.field()).put("message", e.message());
    }
    return root;
  }

  /** Serializes a response body. */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** A new empty object node. */
  public static ObjectNode objectNode() {
    return NODES.objectNode();
  }

  /** A new empty array node. */
  public static ArrayNode arrayNode() {
    return NODES.arrayNode();
  }
}
