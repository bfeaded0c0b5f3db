package dev.chronos.http;

import java.util.Objects;

/**
 * A key just created, with its secret: the only time the secret is available. Show it to the user
 * once; the store keeps only its hash.
 *
 * @param key the stored key
 * @param secret the bearer token, {@code chrns_} and 43 characters
 */
public record NewApiKey(ApiKey key, String secret) {
  /** Checks the fields. */
  public NewApiKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(secret, "secret");
  }

  /** Leaves the secret out, so that logging a new key does not log it. */
  @Override
  public String toString() {
    return "NewApiKey{" + key + ", secret=[redacted]}";
  }
}
