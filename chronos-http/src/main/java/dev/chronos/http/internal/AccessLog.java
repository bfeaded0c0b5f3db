package dev.chronos.http.internal;

import dev.chronos.http.ApiKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request on logger {@code dev.chronos.http.access}: method, path (no query
 * string), status, bytes, milliseconds, the key's id and account, the client. Never a header, a
 * body or a secret.
 */
final class AccessLog {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.http.access");

  private AccessLog() {}

  static void line(ApiRequest request, String path, ApiResponse response, long nanos, ApiKey key) {
    if (!log.isInfoEnabled()) {
      return;
    }
    log.info(
        "{} {} {} {}B {}ms key={} account={} remote={}",
        request.method(),
        printable(path),
        response.status(),
        response.body().length,
        nanos / 1_000_000,
        key == null ? "-" : key.id(),
        key == null ? "-" : printable(key.account()),
        request.remoteAddress());
  }

  /** Keeps a client from writing line breaks or control characters into the log. */
  private static String printable(String s) {
    if (s.length() > 300) {
      s = s.substring(0, 300) + "...";
    }
    StringBuilder b = new StringBuilder(s.length());
    s.chars().forEach(c -> b.append(Character.isISOControl(c) ? '?' : (char) c));
    return b.toString();
  }
}
