package dev.chronos.internal;

/**
 * Text that comes from outside (an endpoint's response, a worker's error) on its way into the
 * store: control characters other than tab and line breaks become U+FFFD, since PostgreSQL refuses
 * NUL in {@code text} and {@code jsonb}, and the length is capped.
 */
final class StoredText {
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
      b.append(Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
    }
    return b.toString();
  }
}
