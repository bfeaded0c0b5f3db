package dev.chronos.http;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * An API key as stored: never its secret, which is shown once when the key is created ({@link
 * NewApiKey}) and kept only as a hash. Every request made with the key acts in its {@code account}.
 *
 * @param id the key's id (what {@code keys revoke} takes)
 * @param account the account every request with this key acts in
 * @param name a label (say, the service that uses it)
 * @param readOnly whether the key may only read ({@code GET})
 * @param admin whether the key may manage keys ({@code /v1/admin/keys})
 * @param rateLimit requests per 10 seconds for this key, or 0 for the API's default
 * @param createdAt when the key was created
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record ApiKey(
    UUID id,
    String account,
    String name,
    boolean readOnly,
    boolean admin,
    int rateLimit,
    Instant createdAt,
    Instant revokedAt) {
  /** Checks the fields: account and name of 1–255 characters, a rate limit of 0 or more. */
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    checkText(account, "account");
    checkText(name, "name");
    if (rateLimit < 0) {
      throw new IllegalArgumentException("rateLimit must be 0 (the default) or more");
    }
  }

  private static void checkText(String value, String field) {
    if (value == null || value.isBlank() || value.length() > 255) {
      throw new IllegalArgumentException(field + " must be 1 to 255 characters");
    }
  }

  /**
   * Whether the key is still valid.
   *
   * @return true until it is revoked
   */
  public boolean active() {
    return revokedAt == null;
  }

  /**
   * This key's own rate limit.
   *
   * @return requests per 10 seconds, or empty for the API's default
   */
  public OptionalInt ownRateLimit() {
    return rateLimit == 0 ? OptionalInt.empty() : OptionalInt.of(rateLimit);
  }

  /**
   * When the key was revoked.
   *
   * @return the time, or empty while it is valid
   */
  public Optional<Instant> revoked() {
    return Optional.ofNullable(revokedAt);
  }
}
