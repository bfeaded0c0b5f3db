package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.ValidationException;
import dev.chronos.ValidationException.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of the API's own small bodies (worker protocol, admin), collecting every error
 * before any is thrown, so a 422 names all bad fields at once, as the library's requests do.
 */
final class BodyFields {
  private final ObjectNode body;
  private final List<FieldError> errors = new ArrayList<>();

  BodyFields(ObjectNode body, Set<String> allowed) {
    this.body = body;
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        errors.add(new FieldError(name, "is not a known field"));
      }
    }
  }

  int integer(String name, int fallback, int min, int max) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      errors.add(new FieldError(name, "must be an integer from " + min + " to " + max));
      return fallback;
    }
    return v.intValue();
  }

  int requiredInteger(String name, int min, int max) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      errors.add(new FieldError(name, "is required"));
      return min;
    }
    return integer(name, min, min, max);
  }

  boolean bool(String name, boolean fallback) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      errors.add(new FieldError(name, "must be true or false"));
      return fallback;
    }
    return v.booleanValue();
  }

  String text(String name, boolean required, int maxLength) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        errors.add(new FieldError(name, "is required"));
      }
      return null;
    }
    if (!v.isTextual()) {
      errors.add(new FieldError(name, "must be a string"));
      return null;
    }
    String s = v.textValue();
    if (required && s.isBlank()) {
      errors.add(new FieldError(name, "must not be blank"));
    } else if (s.length() > maxLength) {
      errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
    } else if (s.indexOf('\0') >= 0) {
      errors.add(new FieldError(name, "must not contain U+0000"));
    }
    return s;
  }

  /**
   * Text a worker reports (an error message): any characters, since the store's cleaning turns
   * control characters into U+FFFD; refusing them would lose the report.
   */
  String reportText(String name, int maxLength) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.textValue().length() > maxLength) {
      errors.add(new FieldError(name, "must be a string of at most " + maxLength + " characters"));
      return null;
    }
    return v.textValue();
  }

  /** A non-empty array of distinct, non-blank strings of at most 255 characters. */
  Set<String> names(String name, int maxCount) {
    JsonNode v = body.get(name);
    Set<String> names = new LinkedHashSet<>();
    if (v == null || v.isNull()) {
      errors.add(new FieldError(name, "is required"));
      return names;
    }
    if (!v.isArray() || v.isEmpty() || v.size() > maxCount) {
      errors.add(new FieldError(name, "must be a list of 1 to " + maxCount + " handler names"));
      return names;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode n = v.get(i);
      if (!n.isTextual()
          || n.textValue().isBlank()
          || !n.textValue().strip().equals(n.textValue())
          || n.textValue().length() > 255
          || n.textValue().chars().anyMatch(Character::isISOControl)) {
        errors.add(
            new FieldError(
                name + "[" + i + "]",
                "must be a handler name (1-255 characters, no control characters, no surrounding spaces)"));
      } else {
        names.add(n.textValue());
      }
    }
    return names;
  }

  /** Reports an error of a field the caller checks itself. */
  void error(String name, String message) {
    errors.add(new FieldError(name, message));
  }

  /** An ISO-8601 instant. */
  java.time.Instant instant(String name, boolean required) {
    String text = text(name, required, 64);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return java.time.Instant.parse(text.strip());
    } catch (java.time.format.DateTimeParseException e) {
      errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-12-01T09:00:00Z"));
      return null;
    }
  }

  JsonNode raw(String name) {
    return body.get(name);
  }

  void done() {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }
}
