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
    ADMIN
  }

  /** A route's code: a parsed request in, a response out. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse handle(Call call) throws Exception;
  }

  /** One entry of the table. */
  public record Route(String method, String pattern, Access access, Handler handler) {
    String[] segments() {
      return pattern.substring(1).split("/", -1);
    }
  }

  /** A matched route with its path parameters. */
  public record Match(Route route, Map<String, String> pathParameters) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a {@code GET} route. */
  public Router get(String pattern, Access access, Handler handler) {
    return add("GET", pattern, access, handler);
  }

  /** Adds a {@code POST} route. */
  public Router post(String pattern, Access access, Handler handler) {
    return add("POST", pattern, access, handler);
  }

  /** Adds a {@code PATCH} route. */
  public Router patch(String pattern, Access access, Handler handler) {
    return add("PATCH", pattern, access, handler);
  }

  private Router add(String method, String pattern, Access access, Handler handler) {
    routes.add(new Route(method, pattern, access, handler));
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
