package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.http.ApiKey;
import dev.chronos.http.ApiKeys;
import dev.chronos.http.ApiSession;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * {@code /ui/session}: the dashboard logs in with an API key ({@code POST}), asks who it is ({@code
 * GET}) and logs out ({@code DELETE}, with the CSRF header like every cookie write). The session
 * rides in an {@code HttpOnly; SameSite=Strict} cookie scoped to the mount path, {@code Secure}
 * over TLS; the page reads the CSRF token from these answers, never from the cookie.
 */
public final class SessionRoutes {
  /** The path of the session routes. */
  public static final String PATH = "/ui/session";

  private final ApiKeys keys;
  private final Sessions sessions;
  private final AuditLog audit;

  /** Routes over keys and their sessions. */
  public SessionRoutes(ApiKeys keys, Sessions sessions, AuditLog audit) {
    this.keys = keys;
    this.sessions = sessions;
    this.audit = audit;
  }

  /**
   * {@code POST /ui/session} {@code {"key": "chrns_..."}}: 200 with the session and its cookie; a
   * wrong or revoked key is a 401 (and counts as a failed authentication of the address).
   */
  public ApiResponse login(Call call) {
    call.noQuery();
    BodyFields f = new BodyFields(call.json(), Set.of("key"));
    String secret = f.text("key", true, 200);
    f.done();
    ApiKey key = keys.authenticate(secret).orElseThrow(ApiError::unauthorized);
    Sessions.Created created = sessions.create(key);
    audit.record(key, "session", "session.login", null, null);
    return answer("Logged in", created.session(), key)
        .withHeader("Set-Cookie", Sessions.setCookie(created.cookieValue(), call.origin()));
  }

  /** {@code GET /ui/session}: the session the cookie carries, or 401 without one. */
  public ApiResponse current(Call call) {
    call.noQuery();
    ApiSession session = call.origin().session();
    if (session == null) {
      throw ApiError.unauthorized();
    }
    return answer("Session", session, call.key());
  }

  /** {@code DELETE /ui/session}: ends the session on every server and clears the cookie. */
  public ApiResponse logout(Call call) {
    call.noQuery();
    ApiSession session = call.origin().session();
    if (session == null) {
      throw ApiError.unauthorized();
    }
    sessions.end(session);
    ObjectNode root = ApiJson.ok("Logged out", null);
    return ApiResponse.json(200, ApiJson.bytes(root))
        .withHeader("Set-Cookie", Sessions.clearCookie(call.origin()));
  }

  private ApiResponse answer(String message, ApiSession session, ApiKey key) {
    ObjectNode data = ApiJson.objectNode();
    data.put("account", key.account());
    data.put("key_id", key.id().toString());
    data.put("key_name", key.name());
    data.put("read_only", key.readOnly());
    data.put("admin", key.admin());
    data.put("csrf_token", session.csrfToken());
    data.put("expires_at", DateTimeFormatter.ISO_INSTANT.format(sessions.expiresAt(session)));
    data.put("idle_timeout_seconds", sessions.idleTimeout().toSeconds());
    return ApiResponse.json(200, ApiJson.bytes(ApiJson.ok(message, data)));
  }
}
