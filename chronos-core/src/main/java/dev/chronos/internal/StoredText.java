package dev.chronos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The one sanitizer for text that comes from handlers and endpoints (an error, a result, a response
 * body) on its way into the store: control characters other than tab and line breaks become U+FFFD,
 * since PostgreSQL refuses NUL in {@code text} and {@code jsonb} (also as the escape {@code \u0000}
 * inside a JSON string) and the other stores keep what they are given, and lengths are capped.
 * Every in-process handler's error and result, every pull worker's error and result and every push
 * response goes through here before it reaches {@link dev.chronos.spi.JobStore#finish}.
 */
final class StoredText {
  /** The most characters kept of an execution's error. */
  static final int MAX_ERROR = 4000;

  private StoredText() {}

  /**
   * Cleans and caps a text.
   *
   * @param text the text
   * @param max the most characters to keep
   * @return the cleaned text
   */
  static String clean(String text, int max) {
    StringBuilder b = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && b.length() < max; i++) {
      char c = text.charAt(i);
      b.append(refused(c) ? '\uFFFD' : c);
    }
    return b.toString();
  }

  /** An execution's error, cleaned and capped at {@link #MAX_ERROR} characters. */
  static String error(String text) {
    return clean(text, MAX_ERROR);
  }

  private static boolean refused(char c) {
    return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
  }

  private static boolean needsCleaning(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (refused(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A result on its way to the store: every string value and field name cleaned as {@link #clean}
   * does (uncapped), and a result whose JSON is larger than {@code maxBytes} replaced by {@code
   * {"truncated": true, "size": <bytes>, "max_result_size": <maxBytes>}}. The tree given is not
   * changed; a cleaned one is a copy.
   *
   * @param tree the result, or null
   * @param maxBytes the largest serialized size kept
   * @return the result to store
   */
  static JsonNode result(JsonNode tree, int maxBytes) {
    if (tree == null) {
      return null;
    }
    JsonNode clean = hasRefusedText(tree) ? cleanCopy(tree) : tree;
    int size = Json.byteSize(clean);
    if (size <= maxBytes) {
      return clean;
    }
    ObjectNode truncated = Json.object();
    truncated.put("truncated", true);
    truncated.put("size", size);
    truncated.put("max_result_size", maxBytes);
    return truncated;
  }

  /** Whether any string or field name in the tree holds a refused character; no recursion. */
  private static boolean hasRefusedText(JsonNode tree) {
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(tree);
    while (!todo.isEmpty()) {
      JsonNode node = todo.pop();
      if (node.isTextual() && needsCleaning(node.textValue())) {
        return true;
      }
      if (node.isObject()) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          if (needsCleaning(field.getKey())) {
            return true;
          }
          todo.push(field.getValue());
        }
      } else if (node.isArray()) {
        node.forEach(todo::push);
      }
    }
    return false;
  }

  /** A copy of the tree with every string and field name cleaned; no recursion. */
  private static JsonNode cleanCopy(JsonNode tree) {
    JsonNode copy = tree.deepCopy();
    if (copy.isTextual()) {
      return TextNode.valueOf(clean(copy.textValue(), Integer.MAX_VALUE));
    }
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(copy);
    while (!todo.isEmpty()) {
      JsonNode node = todo.pop();
      if (node instanceof ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
          JsonNode value = object.get(name);
          if (value.isTextual()) {
            value = TextNode.valueOf(clean(value.textValue(), Integer.MAX_VALUE));
          } else {
            todo.push(value);
          }
          String cleanName = clean(name, Integer.MAX_VALUE);
          if (!cleanName.equals(name)) {
            object.remove(name);
          }
          object.set(cleanName, value);
        }
      } else if (node instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          JsonNode value = array.get(i);
          if (value.isTextual()) {
            array.set(i, TextNode.valueOf(clean(value.textValue(), Integer.MAX_VALUE)));
          } else {
            todo.push(value);
          }
        }
      }
    }
    return copy;
  }
}
