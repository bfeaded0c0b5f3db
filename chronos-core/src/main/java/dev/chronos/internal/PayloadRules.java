package dev.chronos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.ValidationException.FieldError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The shape rules of a payload tree, checked before anything copies or serializes it: at most
 * {@value #MAX_DEPTH} levels of nesting, and no U+0000 and no unpaired surrogate in any key or
 * string value, at any depth.
 *
 * <p>Why 64 levels: real payloads (a record of records, a list of line items) stay well under 20;
 * 64 leaves room for generated documents while staying far below the 1,000 levels at which
 * Jackson's own reader and writer refuse, and far below the depth at which the recursive tree
 * operations Chronos and its stores run on a payload ({@code deepCopy}, {@code equals},
 * serialization) could exhaust a thread's stack. The walk uses an explicit stack, so a tree nested
 * a million levels deep is refused after 65 steps instead of overflowing.
 *
 * <p>Why U+0000: PostgreSQL refuses it in {@code text} and {@code jsonb} ({@code unsupported
 * Unicode escape sequence}), while H2 and the memory store would accept it; refusing it here makes
 * every store agree, with an error naming the field instead of a store failure. An unpaired
 * surrogate is not Unicode text: PostgreSQL refuses it as {@code \\u} escape and a UTF-8 encoder
 * replaces it with {@code ?}, so it could not be stored as given either.
 */
public final class PayloadRules {
  /** The deepest nesting accepted: the payload object itself is level 1. */
  public static final int MAX_DEPTH = 64;

  private PayloadRules() {}

  /**
   * Every shape problem of a tree: at most one for the depth and one for the text, each naming the
   * path of the first offending node under {@code field}.
   *
   * @param field the field the tree is, for example {@code payload}
   * @param root the tree, or null
   * @return the problems, empty if the tree is sound
   */
  public static List<FieldError> problems(String field, JsonNode root) {
    List<FieldError> errors = new ArrayList<>(2);
    if (root == null) {
      return errors;
    }
    boolean depthReported = false;
    boolean textReported = false;
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(root, 1, null, null));
    while (!stack.isEmpty() && !(depthReported && textReported)) {
      Frame frame = stack.pop();
      JsonNode node = frame.node;
      if (node.isTextual() && !textReported) {
        String problem = textProblem(node.textValue());
        if (problem != null) {
          errors.add(new FieldError(frame.path(field), problem));
          textReported = true;
        }
      }
      if (!node.isContainerNode()) {
        continue;
      }
      if (frame.depth > MAX_DEPTH) {
        if (!depthReported) {
          errors.add(
              new FieldError(
                  field,
                  "must be nested at most "
                      + MAX_DEPTH
                      + " levels deep (deeper at "
                      + frame.path(field)
                      + ")"));
          depthReported = true;
        }
        continue;
      }
      if (node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          Frame child = new Frame(entry.getValue(), frame.depth + 1, frame, entry.getKey());
          if (!textReported) {
            String problem = textProblem(entry.getKey());
            if (problem != null) {
              errors.add(new FieldError(child.path(field), "keys " + problem));
              textReported = true;
            }
          }
          stack.push(child);
        }
      } else {
        for (int i = node.size() - 1; i >= 0; i--) {
          stack.push(new Frame(node.get(i), frame.depth + 1, frame, i));
        }
      }
    }
    return errors;
  }

  /**
   * What is wrong with a piece of text that must be storable on every store, or null.
   *
   * @param text the text
   * @return the problem, for example {@code must not contain U+0000 (at index 3)}, or null
   */
  public static String textProblem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "must not contain U+0000 (at index " + i + ")";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "must not contain an unpaired surrogate (at index " + i + ")";
      }
      if (Character.isLowSurrogate(c)) {
        return "must not contain an unpaired surrogate (at index " + i + ")";
      }
    }
    return null;
  }

  /** A node to visit, with what is needed to name its path if it is the offending one. */
  private record Frame(JsonNode node, int depth, Frame parent, Object step) {
    String path(String field) {
      Deque<Object> steps = new ArrayDeque<>();
      for (Frame f = this; f.parent != null; f = f.parent) {
        steps.push(f.step);
      }
      StringBuilder path = new StringBuilder(field);
      for (Object step : steps) {
        if (step instanceof Integer index) {
          path.append('[').append(index).append(']');
        } else {
          path.append('.').append(printable((String) step));
        }
        if (path.length() > 200) {
          return path.substring(0, 200) + "...";
        }
      }
      return path.toString();
    }
  }

  /** A key as it can be shown in a message: control characters escaped, long keys cut. */
  private static String printable(String key) {
    StringBuilder out = new StringBuilder(Math.min(key.length(), 64));
    for (int i = 0; i < key.length() && out.length() < 64; i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.length() < key.length() ? out + "..." : out.toString();
  }
}
