package dev.chronos.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates API keys and checks presented secrets against an {@link ApiKeyStore}.
 *
 * <p>A secret is {@code chrns_} followed by 32 random bytes (256 bits, from {@link SecureRandom})
 * in URL-safe base64. The store keeps only its SHA-256: with that much entropy a fast hash is safe
 * (no dictionary to try), and since keys are looked up by that hash, never by the secret itself,
 * the time a check takes does not depend on how much of a guessed secret is right. Thread-safe.
 */
public final class ApiKeys {
  /** The prefix of every secret, as the hosted API's keys. */
  public static final String PREFIX = "chrns_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;
  private static final int MAX_PRESENTED = 200;

  private final ApiKeyStore store;
  private final Clock clock;

  /**
   * Keys in a store, timed by a clock.
   *
   * @param store where the keys live
   * @param clock the clock creation and revocation times are read from
   */
  public ApiKeys(ApiKeyStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The store the keys live in.
   *
   * @return the store
   */
  public ApiKeyStore store() {
    return store;
  }

  /**
   * Creates a key of an account with the default rate limit.
   *
   * @param account the account its requests act in
   * @param name a label
   * @param readOnly whether it may only read
   * @return the key with its secret (shown only now)
   * @throws IllegalArgumentException if the account or name is blank or longer than 255
   */
  public NewApiKey create(String account, String name, boolean readOnly) {
    return create(account, name, readOnly, false, 0);
  }

  /**
   * Creates a key.
   *
   * @param account the account its requests act in
   * @param name a label
   * @param readOnly whether it may only read
   * @param admin whether it may manage keys
   * @param rateLimit requests per 10 seconds, or 0 for the API's default
   * @return the key with its secret (shown only now)
   * @throws IllegalArgumentException if a field is out of range
   */
  public NewApiKey create(
      String account, String name, boolean readOnly, boolean admin, int rateLimit) {
    ApiKey key =
        new ApiKey(UUID.randomUUID(), account, name, readOnly, admin, rateLimit, now(), null);
    byte[] random = new byte[SECRET_BYTES];
    RANDOM.nextBytes(random);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    store.insert(key, hash(secret));
    return new NewApiKey(key, secret);
  }

  /**
   * Finds the active key a presented secret belongs to.
   *
   * @param secret the bearer token as presented
   * @return the key, or empty if the secret is malformed, unknown or revoked
   */
  public Optional<ApiKey> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > MAX_PRESENTED) {
      return Optional.empty();
    }
    return store.findBySecretHash(hash(secret)).filter(ApiKey::active);
  }

  /**
   * Every key, revoked ones included.
   *
   * @return the keys, oldest first
   */
  public List<ApiKey> list() {
    return store.list();
  }

  /**
   * Revokes a key.
   *
   * @param id the key
   * @return true if an active key was revoked
   */
  public boolean revoke(UUID id) {
    return store.revoke(id, now());
  }

  /**
   * Creates an admin key of account {@code default} when the store has no key at all, as a server's
   * first start does.
   *
   * @return the new key, or empty if the store already has keys
   */
  public Optional<NewApiKey> bootstrap() {
    if (!store.list().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(create("default", "bootstrap-admin", false, true, 0));
  }

  /**
   * The hash a store keeps for a secret.
   *
   * @param secret the secret
   * @return its SHA-256 in lower-case hex
   */
  public static String hash(String secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
