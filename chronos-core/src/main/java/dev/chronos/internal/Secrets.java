package dev.chronos.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hides what may be a credential in a push delivery when it is printed: every header value (an
 * {@code Authorization} token, an API key) and the URL's query string and fragment (a {@code
 * ?token=...}). Header names, the URL's scheme, host and path stay, so a log line still says where
 * a job goes. {@code toString()} and {@code toJson()} of the public values use it; only {@code
 * toJsonWithSecrets()} and the record accessors give the values themselves.
 */
public final class Secrets {
  /** What stands in for a hidden value. */
  public static final String REDACTED = "[redacted]";

  private Secrets() {}

  /**
   * The URL with its query string and fragment replaced.
   *
   * @param url the URL
   * @return {@code https://host/path?[redacted]} for {@code https://host/path?token=abc}
   */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    int query = url.indexOf('?');
    int fragment = url.indexOf('#');
    int cut = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
    if (cut < 0) {
      return url;
    }
    StringBuilder out = new StringBuilder(url.substring(0, cut));
    if (query >= 0) {
      out.append('?').append(REDACTED);
    }
    if (fragment >= 0) {
      out.append('#').append(REDACTED);
    }
    return out.toString();
  }

  /**
   * The headers with every value replaced, in the same order.
   *
   * @param headers the headers
   * @return a new map of the same names to {@value #REDACTED}
   */
  public static Map<String, String> headers(Map<String, String> headers) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.keySet().forEach(name -> out.put(name, REDACTED));
    return out;
  }
}
