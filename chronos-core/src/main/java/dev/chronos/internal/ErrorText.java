package dev.chronos.internal;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * How a throwable is written into an execution's error: its headline ({@code class: message}) on
 * the first line, then its stack trace with causes, the whole cleaned and capped at {@link
 * StoredText#MAX_ERROR} characters, so that a failure can be diagnosed from the execution alone.
 */
final class ErrorText {
  private ErrorText() {}

  /** {@code class: message}, or the class alone when there is no message; cleaned and capped. */
  static String headline(Throwable t) {
    String text =
        t.getMessage() == null
            ? t.getClass().getName()
            : t.getClass().getName() + ": " + t.getMessage();
    return StoredText.error(text);
  }

  /** The headline, then the stack trace (causes included), cleaned and capped. */
  static String withStackTrace(Throwable t) {
    String headline = headline(t);
    StringWriter trace = new StringWriter();
    try (PrintWriter out = new PrintWriter(trace)) {
      t.printStackTrace(out);
    } catch (RuntimeException e) {
      return headline; // a throwable whose toString throws: keep what could be written
    }
    String text = trace.toString();
    int firstLineEnd = text.indexOf('\n');
    String frames = firstLineEnd < 0 ? "" : text.substring(firstLineEnd + 1).stripTrailing();
    // The headline replaces printStackTrace's first line (the same text, but message lines and
    // control characters cleaned the same way as without a stack).
    return frames.isEmpty() ? headline : StoredText.error(headline + "\n" + frames);
  }
}
