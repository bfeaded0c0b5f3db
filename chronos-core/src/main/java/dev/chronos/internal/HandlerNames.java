package dev.chronos.internal;

/** The one rule for handler names, shared by requests and the handler registry. */
public final class HandlerNames {
  /** The longest handler name. */
  public static final int MAX_LENGTH = 255;

  private HandlerNames() {}

  /** Returns what is wrong with a handler name, or null if it is valid. */
  public static String problem(String name) {
    if (name == null) {
      return "is required";
    }
    if (name.isBlank()) {
      return "must not be blank";
    }
    if (name.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters";
    }
    if (!name.strip().equals(name)) {
      return "must not start or end with whitespace";
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      return "must not contain control characters";
    }
    return null;
  }
}
