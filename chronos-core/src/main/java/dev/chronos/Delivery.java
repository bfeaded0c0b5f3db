package dev.chronos;

import dev.chronos.internal.Secrets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a job reaches the code that runs it: {@link #pull() pull} (the default: an in-process handler
 * registered with {@link ChronosBuilder#handler} or an external worker claims it) or {@link
 * #push(String, String, Map) push} (Chronos sends it as an HTTP request at the due time).
 *
 * <p>A push delivery's header values and URL query string may be credentials: its {@code
 * toString()}, and the {@code toJson()} of every request, job and schedule that holds it, show them
 * as {@code [redacted]}; {@code toJsonWithSecrets()} and the accessors give them.
 *
 * <p>The values are checked when the request is built: the URL must be absolute {@code http(s)},
 * the method one of {@code GET, POST, PUT, PATCH, DELETE}.
 */
public sealed interface Delivery permits Delivery.Pull, Delivery.Push {

  /**
   * Pull delivery: the job waits for a worker.
   *
   * @return the pull delivery
   */
  static Pull pull() {
    return Pull.INSTANCE;
  }

  /**
   * Push delivery with {@code POST} and no extra headers.
   *
   * @param url the absolute URL to send the job to
   * @return the push delivery
   */
  static Push push(String url) {
    return new Push(url, "POST", Map.of());
  }

  /**
   * Push delivery.
   *
   * @param url the absolute URL to send the job to
   * @param method {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE}
   * @param headers extra headers sent with every delivery
   * @return the push delivery
   */
  static Push push(String url, String method, Map<String, String> headers) {
    return new Push(url, method, headers);
  }

  /**
   * Returns the API's {@code delivery.type}.
   *
   * @return {@code pull} or {@code push}
   */
  String type();

  /** Pull delivery: a registered in-process handler or an external worker claims the job. */
  record Pull() implements Delivery {
    static final Pull INSTANCE = new Pull();

    @Override
    public String type() {
      return "pull";
    }
  }

  /**
   * Push delivery over HTTP.
   *
   * @param url the absolute URL the job is sent to
   * @param method the HTTP method, upper case
   * @param headers extra headers, in the order given
   */
  record Push(String url, String method, Map<String, String> headers) implements Delivery {
    /** Normalises the method to upper case and copies the headers. */
    public Push {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(method, "method");
      method = method.toUpperCase(Locale.ROOT);
      headers =
          headers == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    @Override
    public String type() {
      return "push";
    }

    /**
     * Describes the delivery without its secrets: header values and the URL's query string and
     * fragment are shown as {@code [redacted]}. The accessors return the values themselves.
     *
     * @return for example {@code Push[url=https://example.com/hook?[redacted], method=POST,
     *     headers={Authorization=[redacted]}]}
     */
    @Override
    public String toString() {
      return "Push[url="
          + Secrets.url(url)
          + ", method="
          + method
          + ", headers="
          + Secrets.headers(headers)
          + "]";
    }
  }
}
