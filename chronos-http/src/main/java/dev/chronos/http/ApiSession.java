package dev.chronos.http;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A dashboard session as stored: made by logging in with an API key, carried by the browser's
 * {@code chronos_session} cookie, whose value is kept only as a hash. Requests made with it act as
 * its key; a revoked key ends its sessions at their next request.
 *
 * @param idHash the lower-case hex SHA-256 of the cookie value
 * @param keyId the key that logged in
 * @param csrfToken the token every request but a {@code GET} must repeat in {@code X-CSRF-Token}
 * @param createdAt when it was made
 * @param lastSeenAt when it was last used (moved at most once a minute); it ends when idle longer
 *     than the API's session idle timeout
 */
public record ApiSession(
    String idHash, UUID keyId, String csrfToken, Instant createdAt, Instant lastSeenAt) {
  /** Checks the fields are present. */
  public ApiSession {
    Objects.requireNonNull(idHash, "idHash");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(csrfToken, "csrfToken");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
  }
}
