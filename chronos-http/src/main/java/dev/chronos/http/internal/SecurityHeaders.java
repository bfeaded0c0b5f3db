package dev.chronos.http.internal;

/**
 * The headers every answer carries: {@code X-Content-Type-Options: nosniff} and {@code
 * Referrer-Policy: no-referrer}; the dashboard's answers ({@code /} and {@code /ui/...}) also a
 * strict Content-Security-Policy: only this origin's scripts, styles and connections, images also
 * as {@code data:} URLs, no framing, no {@code <base>}, forms only to this origin.
 */
public final class SecurityHeaders {
  /** The dashboard's Content-Security-Policy. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private SecurityHeaders() {}

  /** A response with the headers for a request path. */
  static ApiResponse apply(String path, ApiResponse response) {
    ApiResponse r =
        response
            .withHeader("X-Content-Type-Options", "nosniff")
            .withHeader("Referrer-Policy", "no-referrer");
    return isDashboard(path) ? r.withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY) : r;
  }

  /** Whether a path is the dashboard's: its page, its files and its session routes. */
  static boolean isDashboard(String path) {
    return path.equals("/") || path.startsWith("/ui/");
  }
}
