package dev.chronos.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches a method and path to a route: patterns are literal segments and {@code {name}}
 * placeholders ({@code /v1/jobs/{id}/cancel}). {@link ApiRoutes} holds the table. Immutable once
 * built; thread-safe.
 */
public final class Router {
  /** Who may call a route. */
  public enum Access {
    /** No key needed ({@code /health}). */
    PUBLIC,
    /** Any valid key, read-only ones included. */
    READ,
    /** A key that is not read-only. */
    WRITE,
    /** An admin key. */
    ADMIN,
    /**
     * No key yet: the route authenticates a key itself (logging in), and a 401 it answers counts as
     * a failed authentication of the client's address.
     */
    LOGIN
  }

  /** A route's code: a parsed request in, a response out. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse handle(Call call) throws Exception;
  }

  /**
   * One entry of the table.
   *
   * @param method the HTTP method
   * @param pattern the path pattern
   * @param access who may call it
   * @param audit the action the audit log records when it succeeds ({@code job.cancel}), or null
   * @param handler the route's function
   */
  public record Route(String method, String pattern, Access access, String audit, Handler handler) {
    String[] segments() {
      return pattern.substring(1).split("/", -1);
    }
  }

  /** A matched route with its path parameters. */
  public record Match(Route route, Map<String, String> pathParameters) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a {@code GET} route. */
  public Router get(String pattern, Access access, Handler handler) {
    return add("GET", pattern, access, null, handler);
  }

  /** Adds a {@code POST} route. */
  public Router post(String pattern, Access access, Handler handler) {
    return add("POST", pattern, access, null, handler);
  }

  /** Adds a {@code POST} route whose successes the audit log records as {@code audit}. */
  public Router post(String pattern, Access access, String audit, Handler handler) {
    return add("POST", pattern, access, audit, handler);
  }

  /** Adds a {@code PATCH} route whose successes the audit log records as {@code audit}. */
  public Router patch(String pattern, Access access, String audit, Handler handler) {
    return add("PATCH", pattern, access, audit, handler);
  }

  /** Adds a {@code DELETE} route whose successes the audit log records as {@code audit}. */
  public Router delete(String pattern, Access access, String audit, Handler handler) {
    return add("DELETE", pattern, access, audit, handler);
  }

  private Router add(String method, String pattern, Access access, String audit, Handler handler) {
    routes.add(new Route(method, pattern, access, audit, handler));
    return this;
  }

  /** The routes, in table order. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /**
   * The route for a request, or null when none has this path and method (a path that exists with
   * another method is also null: the API answers both with {@code not_found}).
   */
  public Match match(String method, String path) {
    if (!path.startsWith("/")) {
      return null;
    }
    String[] parts = path.substring(1).split("/", -1);
    for (Route r : routes) {
      if (!r.method().equals(method)) {
        continue;
      }
      Map<String, String> params = matchPath(r.segments(), parts);
      if (params != null) {
        return new Match(r, params);
      }
    }
    return null;
  }

  private static Map<String, String> matchPath(String[] pattern, String[] parts) {
    if (pattern.length != parts.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 1), parts[i]);
      } else if (!p.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }
}
