package dev.chronos.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response the adapters write as it is: status, headers, body bytes.
 *
 * @param status the HTTP status
 * @param headers extra headers (the content type is among them when there is a body)
 * @param body the body, possibly empty
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {
  /** Copies the headers. */
  public ApiResponse {
    headers = new LinkedHashMap<>(Objects.requireNonNull(headers, "headers"));
    Objects.requireNonNull(body, "body");
  }

  /** A JSON response. */
  public static ApiResponse json(int status, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    return new ApiResponse(status, headers, body);
  }

  /** A response with no body. */
  public static ApiResponse empty(int status) {
    return new ApiResponse(status, Map.of(), new byte[0]);
  }

  /** This response with one more header. */
  public ApiResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new ApiResponse(status, copy, body);
  }

  /** The body as UTF-8 text (tests and logs). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
