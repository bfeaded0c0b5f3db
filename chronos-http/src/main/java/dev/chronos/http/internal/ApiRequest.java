package dev.chronos.http.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * One HTTP request as the API sees it, whichever server carries it: the Jetty handler and the
 * servlet each adapt their request to this, so the routes are written once.
 */
public interface ApiRequest {
  /** The method, upper case ({@code GET}, {@code POST}, ...). */
  String method();

  /** The path below the API's mount point, starting with {@code /} ({@code /v1/jobs}). */
  String path();

  /** The raw (still percent-encoded) query string, or null when there is none. */
  String rawQuery();

  /** The first value of a header (case-insensitive name), or null. */
  String header(String name);

  /** The declared body length, or -1 when unknown (chunked) or absent. */
  long contentLength();

  /** The body; read at most once. */
  InputStream body() throws IOException;

  /** The client's address (the socket's peer, an IP literal), for the access log and limits. */
  String remoteAddress();

  /** Whether the request came over TLS (default false). */
  default boolean secure() {
    return false;
  }

  /**
   * Where the API is mounted: {@code ""} at the root, else the path before {@link #path()} ({@code
   * /chronos}), without a trailing slash (default {@code ""}). Cookies are scoped to it.
   */
  default String mountPath() {
    return "";
  }
}
