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
 * What every request goes through, in this order: CORS preflight; the dashboard's static files; the
 * route's access (public routes skip the rest of the checks, the login route authenticates its key
 * itself); the key, from {@code Authorization: Bearer}, or else (no Authorization header, or one of
 * another scheme such as a host's HTTP Basic) the session cookie (401); its rate limit (429); the
 * route (404); for a cookie request that is not a {@code GET}, the CSRF header (403 {@code
 * csrf_token_invalid}); the key's rights (403 for a read-only key writing or a non-admin key
 * managing keys); the query string; the body's size (413) and type (415); then the route, and the
 * audit log's entry when it succeeded. Whatever fails becomes the error envelope in {@link Errors};
 * every answer gets the security headers of {@link SecurityHeaders}, and every request one
 * access-log line.
 */
public final class ApiPipeline {
  private static final Set<String> BODY_METHODS = Set.of("POST", "PATCH", "PUT");
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("dev.chronos.http");

  private final Router router;
  private final ApiKeys keys;
  private final RateLimiter limiter;
  private final int rateLimit;
  private final int maxBodySize;
  private final Set<String> corsOrigins;
  private final Sessions sessions;
  private final AuditLog audit;
  private final DashboardFiles files = new DashboardFiles();

  /** The checks around a route table. */
  public ApiPipeline(
      Router router,
      ApiKeys keys,
      Sessions sessions,
      AuditLog audit,
      RateLimiter limiter,
      int rateLimit,
      int maxBodySize,
      Set<String> corsOrigins) {
    this.router = router;
    this.keys = keys;
    this.sessions = sessions;
    this.audit = audit;
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
      boolean bareMount = request.path() == null || request.path().isEmpty();
      response =
          bareMount && request.method().equalsIgnoreCase("GET")
              // {mount} without its slash: the page's relative URLs need {mount}/.
              ? ApiResponse.empty(308).withHeader("Location", request.mountPath() + "/")
              : process(request, path, key);
    } catch (Throwable t) {
      response = Errors.response(t);
    }
    response = SecurityHeaders.apply(path, cors(request, response));
    AccessLog.line(request, path, response, System.nanoTime() - start, key[0]);
    return response;
  }

  private ApiResponse process(ApiRequest request, String path, ApiKey[] key) throws Exception {
    String method = request.method().toUpperCase(Locale.ROOT);
    String browserOrigin = request.header("Origin");
    if (method.equals("OPTIONS") && browserOrigin != null && corsOrigins.contains(browserOrigin)) {
      return ApiResponse.empty(204)
          .withHeader("Access-Control-Allow-Methods", "GET, POST, PATCH")
          .withHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
          .withHeader("Access-Control-Max-Age", "600");
    }
    if (method.equals("GET") && DashboardFiles.isFilePath(path)) {
      return files.get(path, request.header("If-None-Match"));
    }
    Router.Match match = router.match(method, path);
    String client = limitedAddress(request.remoteAddress());
    Call.Origin anonymous = new Call.Origin(null, request.secure(), request.mountPath(), client);
    if (match != null && match.route().access() == Router.Access.PUBLIC) {
      return match
          .route()
          .handler()
          .handle(new Call(null, Map.of(), Map.of(), new byte[0], anonymous));
    }
    // A client whose keys keep failing is slowed down before its keys are looked up (each lookup
    // is a database read): at most rateLimit failures per 10 s per address. Loopback is exempt:
    // behind a proxy on the same host every client has that address, and one guesser must not
    // lock everyone out; the proxy limits there.
    if (client != null && limiter.exhausted(client, rateLimit)) {
      throw tooManyFailures();
    }
    if (match != null && match.route().access() == Router.Access.LOGIN) {
      try {
        return match.route().handler().handle(call(request, method, match, null, anonymous));
      } catch (ApiError e) {
        if (e.status() == 401 && client != null) {
          limiter.acquire(client, rateLimit);
        }
        throw e;
      }
    }
    Call.Origin origin = anonymous;
    Optional<ApiKey> found;
    String authorization = request.header("Authorization");
    // Only a Bearer header is ours: any other scheme (HTTP Basic of a proxy or host in front of the
    // dashboard) is not read, and the session cookie decides.
    if (isBearer(authorization)) {
      found = keys.authenticate(authorization.substring(BEARER.length()).strip());
    } else {
      Optional<Sessions.Found> session =
          sessions.find(Sessions.cookieValue(request.header("Cookie")));
      found = session.map(Sessions.Found::key);
      if (session.isPresent()) {
        origin = new Call.Origin(session.get().session(), origin.secure(), origin.mount(), client);
      }
    }
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
    if (origin.session() != null
        && !method.equals("GET")
        && !Sessions.csrfMatches(origin.session(), request.header(Sessions.CSRF_HEADER))) {
      throw new ApiError(
          403,
          "csrf_token_invalid",
          "Send the session's csrf_token in the " + Sessions.CSRF_HEADER + " header");
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
    Call call = call(request, method, match, k, origin);
    ApiResponse response = match.route().handler().handle(call);
    if (match.route().audit() != null && response.status() / 100 == 2) {
      try {
        audit.record(match.route().audit(), call, response);
      } catch (RuntimeException e) {
        // The action is done and stays done; losing its entry is logged loudly instead.
        log.error("The audit entry of {} {} could not be written", method, path, e);
      }
    }
    return response;
  }

  private Call call(
      ApiRequest request, String method, Router.Match match, ApiKey k, Call.Origin origin)
      throws IOException {
    Map<String, String> query = QueryString.parse(request.rawQuery());
    byte[] body = BODY_METHODS.contains(method) ? body(request) : new byte[0];
    return new Call(k, match.pathParameters(), query, body, origin);
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

  private static final String BEARER = "Bearer";

  /** Whether an Authorization header uses the Bearer scheme (any case, with or without a token). */
  static boolean isBearer(String authorization) {
    return authorization != null
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && (authorization.length() == BEARER.length()
            || Character.isWhitespace(authorization.charAt(BEARER.length())));
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
