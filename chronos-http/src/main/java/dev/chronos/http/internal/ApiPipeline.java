package dev.chronos.http.internal;

import dev.chronos.http.ApiKey;
import dev.chronos.http.ApiKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every request goes through, in this order: CORS preflight; the route's access (public routes
 * skip the rest of the checks); the key (401); its rate limit (429); the route (404); the key's
 * rights (403 for a read-only key writing or a non-admin key managing keys); the query string; the
 * body's size (413) and type (415); then the route. Whatever fails becomes the error envelope in
 * {@link Errors}, and every request gets one access-log line.
 */
public final class ApiPipeline {
  private static final Set<String> BODY_METHODS = Set.of("POST", "PATCH", "PUT");

  private final Router router;
  private final ApiKeys keys;
  private final RateLimiter limiter;
  private final int rateLimit;
  private final int maxBodySize;
  private final Set<String> corsOrigins;

  /** The checks around a route table. */
  public ApiPipeline(
      Router router,
      ApiKeys keys,
      RateLimiter limiter,
      int rateLimit,
      int maxBodySize,
      Set<String> corsOrigins) {
    this.router = router;
    this.keys = keys;
    this.limiter = limiter;
    this.rateLimit = rateLimit;
    this.maxBodySize = maxBodySize;
    this.corsOrigins = Set.copyOf(corsOrigins);
  }

  /** Answers a request; never throws. */
  public ApiResponse handle(ApiRequest request) {
    long start = System.nanoTime();
    ApiKey[] key = {null};
    String path = request.path() == null || request.path().isEmpty() ? "/" : request.path();
    ApiResponse response;
    try {
      response = process(request, path, key);
    } catch (Throwable t) {
      response = Errors.response(t);
    }
    response = cors(request, response);
    AccessLog.line(request, path, response, System.nanoTime() - start, key[0]);
    return response;
  }

  private ApiResponse process(ApiRequest request, String path, ApiKey[] key) throws Exception {
    String method = request.method().toUpperCase(Locale.ROOT);
    String origin = request.header("Origin");
    if (method.equals("OPTIONS") && origin != null && corsOrigins.contains(origin)) {
      return ApiResponse.empty(204)
          .withHeader("Access-Control-Allow-Methods", "GET, POST, PATCH")
          .withHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
          .withHeader("Access-Control-Max-Age", "600");
    }
    Router.Match match = router.match(method, path);
    if (match != null && match.route().access() == Router.Access.PUBLIC) {
      return match.route().handler().handle(new Call(null, Map.of(), Map.of(), new byte[0]));
    }
    // A client whose keys keep failing is slowed down before its keys are looked up (each lookup
    // is a database read): at most rateLimit failures per 10 s per address. Loopback is exempt:
    // behind a proxy on the same host every client has that address, and one guesser must not
    // lock everyone out; the proxy limits there.
    String client = limitedAddress(request.remoteAddress());
    if (client != null && limiter.exhausted(client, rateLimit)) {
      throw tooManyFailures();
    }
    Optional<ApiKey> found = authenticate(request.header("Authorization"));
    if (found.isEmpty()) {
      if (client != null) {
        limiter.acquire(client, rateLimit);
      }
      throw ApiError.unauthorized();
    }
    ApiKey k = found.get();
    key[0] = k;
    long wait = limiter.acquire(k.id(), k.ownRateLimit().orElse(rateLimit));
    if (wait > 0) {
      throw new ApiError(
          429,
          "rate_limit_exceeded",
          "Too many requests; try again in " + wait + " s",
          java.util.List.of(),
          Long.toString(wait));
    }
    if (match == null) {
      throw new ApiError(404, "not_found", "No route " + method + " " + path);
    }
    switch (match.route().access()) {
      case WRITE -> {
        if (k.readOnly()) {
          throw ApiError.forbidden("This API key is read-only");
        }
      }
      case ADMIN -> {
        if (!k.admin()) {
          throw ApiError.forbidden("Managing keys needs an admin key");
        }
      }
      default -> {}
    }
    Map<String, String> query = QueryString.parse(request.rawQuery());
    byte[] body = BODY_METHODS.contains(method) ? body(request) : new byte[0];
    return match.route().handler().handle(new Call(k, match.pathParameters(), query, body));
  }

  /** The limiter's key for a client address, or null for loopback (and unknown) addresses. */
  public static String limitedAddress(String address) {
    if (address == null || address.isEmpty()) {
      return null;
    }
    String literal = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
    try {
      // Only literals reach here (the socket's peer), so this never asks DNS; a name is skipped.
      if (!Character.isDigit(literal.charAt(0)) && literal.indexOf(':') < 0) {
        return null;
      }
      return java.net.InetAddress.getByName(literal).isLoopbackAddress()
          ? null
          : "address:" + literal;
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  private static ApiError tooManyFailures() {
    return new ApiError(
        429,
        "rate_limit_exceeded",
        "Too many requests without a valid API key from this address",
        java.util.List.of(),
        "10");
  }

  private Optional<ApiKey> authenticate(String authorization) {
    if (authorization == null || authorization.length() < 8) {
      return Optional.empty();
    }
    String scheme = authorization.substring(0, 7);
    if (!scheme.equalsIgnoreCase("Bearer ")) {
      return Optional.empty();
    }
    return keys.authenticate(authorization.substring(7).strip());
  }

  private byte[] body(ApiRequest request) throws IOException {
    long declared = request.contentLength();
    String type = request.header("Content-Type");
    if (declared > maxBodySize) {
      drain(request);
      throw tooLarge();
    }
    if (type != null && !isJson(type)) {
      drain(request);
      throw unsupported();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    try (InputStream in = request.body()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        if (out.size() > maxBodySize) {
          drain(request);
          throw tooLarge();
        }
      }
    }
    byte[] bytes = out.toByteArray();
    if (bytes.length > 0 && type == null) {
      throw unsupported();
    }
    return bytes;
  }

  /**
   * Reads and drops what is left of a refused body, up to four times the limit, so that a client
   * still sending it reads the error instead of a reset connection; beyond that the server closes
   * the connection.
   */
  private void drain(ApiRequest request) {
    long left = 4L * maxBodySize;
    try (InputStream in = request.body()) {
      byte[] buffer = new byte[8192];
      int n;
      while (left > 0 && (n = in.read(buffer)) >= 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  private ApiError tooLarge() {
    return new ApiError(
        413, "payload_too_large", "The request body is larger than " + maxBodySize + " bytes");
  }

  private static ApiError unsupported() {
    return new ApiError(
        415, "unsupported_media_type", "Send the request body as Content-Type: application/json");
  }

  static boolean isJson(String contentType) {
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return media.equals("application/json")
        || (media.startsWith("application/") && media.endsWith("+json"));
  }

  private ApiResponse cors(ApiRequest request, ApiResponse response) {
    String origin = request.header("Origin");
    if (origin == null || !corsOrigins.contains(origin)) {
      return response;
    }
    return response
        .withHeader("Access-Control-Allow-Origin", origin)
        .withHeader("Vary", "Origin")
        .withHeader("Access-Control-Expose-Headers", "Retry-After");
  }
}
