package dev.chronos.http.internal;

import dev.chronos.http.ApiKey;
import dev.chronos.http.ApiKeyStore;
import dev.chronos.http.ApiKeys;
import dev.chronos.http.ApiSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

/**
 * The dashboard's sessions: logging in with an API key makes one, its cookie value (256 random
 * bits) is kept only as a SHA-256 in the key store, and each request with the cookie finds the
 * session, checks it has not been idle longer than the idle timeout, and finds its key again (so a
 * revoked key ends its sessions at their next request). The last-seen time is written at most once
 * a minute per session, to keep database writes off the read path. Thread-safe; the store is the
 * only state.
 */
public final class Sessions {
  /** The cookie's name. */
  public static final String COOKIE = "chronos_session";

  /** The header a cookie request that writes must repeat the session's token in. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  private static final int MAX_COOKIE = 100;

  /** A session with its key, as a request finds it. */
  public record Found(ApiSession session, ApiKey key) {}

  /** A new session and the cookie value that carries it (given to the browser only). */
  public record Created(ApiSession session, String cookieValue) {}

  private final ApiKeyStore store;
  private final Clock clock;
  private final Duration idleTimeout;

  /** How long after its last refresh a session in use has its last-seen time written again. */
  private final Duration touchEvery;

  /** Sessions in a key store, expiring after an idle time. */
  public Sessions(ApiKeys keys, Clock clock, Duration idleTimeout) {
    this.store = keys.store();
    this.clock = clock;
    this.idleTimeout = idleTimeout;
    // Refreshed well before it could expire, even with the shortest idle timeout.
    Duration half = idleTimeout.dividedBy(2);
    this.touchEvery = half.compareTo(TOUCH_EVERY) < 0 ? half : TOUCH_EVERY;
  }

  /** The idle timeout. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** Makes a session for a key (already authenticated), removing sessions idle too long. */
  public Created create(ApiKey key) {
    Instant now = now();
    store.deleteSessionsIdleSince(now.minus(idleTimeout));
    String cookie = random();
    ApiSession session = new ApiSession(ApiKeys.hash(cookie), key.id(), random(), now, now);
    store.insertSession(session);
    return new Created(session, cookie);
  }

  /**
   * The session a cookie value carries and its key, if the session exists, is not idle too long,
   * and its key is active; an idle session is removed.
   */
  public Optional<Found> find(String cookieValue) {
    if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > MAX_COOKIE) {
      return Optional.empty();
    }
    String hash = ApiKeys.hash(cookieValue);
    Optional<ApiSession> found = store.findSession(hash);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ApiSession session = found.get();
    Instant now = now();
    if (!now.isBefore(expiresAt(session))) {
      store.deleteSession(hash);
      return Optional.empty();
    }
    Optional<ApiKey> key = store.find(session.keyId()).filter(ApiKey::active);
    if (key.isEmpty()) {
      store.deleteSession(hash);
      return Optional.empty();
    }
    if (!now.isBefore(session.lastSeenAt().plus(touchEvery))) {
      store.touchSession(hash, now);
      session =
          new ApiSession(hash, session.keyId(), session.csrfToken(), session.createdAt(), now);
    }
    return Optional.of(new Found(session, key.get()));
  }

  /** When a session ends unless used before. */
  public Instant expiresAt(ApiSession session) {
    return session.lastSeenAt().plus(idleTimeout);
  }

  /** Ends a session. */
  public void end(ApiSession session) {
    store.deleteSession(session.idHash());
  }

  /** Whether a presented CSRF token is the session's, compared in constant time. */
  public static boolean csrfMatches(ApiSession session, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            session.csrfToken().getBytes(StandardCharsets.UTF_8),
            presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The value of the session cookie in a {@code Cookie} header, or null. */
  public static String cookieValue(String cookieHeader) {
    if (cookieHeader == null) {
      return null;
    }
    for (String part : cookieHeader.split(";")) {
      String p = part.strip();
      if (p.startsWith(COOKIE + "=")) {
        String value = p.substring(COOKIE.length() + 1);
        return value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
            ? value.substring(1, value.length() - 1)
            : value;
      }
    }
    return null;
  }

  /** The {@code Set-Cookie} value that gives the browser a session. */
  public static String setCookie(String value, Call.Origin origin) {
    return COOKIE
        + "="
        + value
        + "; Path="
        + origin.mount()
        + "/; HttpOnly; SameSite=Strict"
        + (origin.secure() ? "; Secure" : "");
  }

  /** The {@code Set-Cookie} value that removes the session cookie. */
  public static String clearCookie(Call.Origin origin) {
    return COOKIE
        + "=; Path="
        + origin.mount()
        + "/; Max-Age=0; HttpOnly; SameSite=Strict"
        + (origin.secure() ? "; Secure" : "");
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
