package dev.chronos.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates API keys and checks presented secrets against an {@link ApiKeyStore}.
 *
 * <p>A secret is {@code chrns_} followed by 32 random bytes (256 bits, from {@link SecureRandom})
 * in URL-safe base64. The store keeps only its SHA-256: with that much entropy a fast hash is safe
 * (no dictionary to try), and since keys are looked up by that hash, never by the secret itself,
 * the time a check takes does not depend on how much of a guessed secret is right. Thread-safe.
 *
 * <p>Optionally, keys found are remembered for a short time ({@code cacheFor}), so a busy client
 * does not cost a database look-up per request. Only keys found are remembered (a guessed secret
 * always goes to the store), by their hash, and the remembered hash is compared again in constant
 * time. A key revoked through this object is refused at once; one revoked elsewhere (another server
 * on the same database) once the time has passed.
 */
public final class ApiKeys {
  /** The prefix of every secret, as the hosted API's keys. */
  public static final String PREFIX = "chrns_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;
  private static final int MAX_PRESENTED = 200;

  /** The most keys remembered at once; past it the memory is emptied and fills again. */
  private static final int MAX_REMEMBERED = 10_000;

  private final ApiKeyStore store;
  private final Clock clock;
  private final long cacheMillis;
  private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();

  /** A key found, with its secret's hash, until a time (epoch milliseconds of the clock). */
  private record Remembered(ApiKey key, byte[] hash, long until) {}

  /**
   * Keys in a store, timed by a clock, looked up in the store at every check.
   *
   * @param store where the keys live
   * @param clock the clock creation and revocation times are read from
   */
  public ApiKeys(ApiKeyStore store, Clock clock) {
    this(store, clock, Duration.ZERO);
  }

  /**
   * Keys in a store, timed by a clock, remembering keys found for a while.
   *
   * @param store where the keys live
   * @param clock the clock creation and revocation times, and the memory's age, are read from
   * @param cacheFor how long a key found is remembered, 0 to look up at every check; a key revoked
   *     in the store by another server is still accepted here for up to this long
   * @throws IllegalArgumentException if {@code cacheFor} is negative or over a minute
   */
  public ApiKeys(ApiKeyStore store, Clock clock, Duration cacheFor) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (cacheFor.isNegative() || cacheFor.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("cacheFor must be 0 to 60 s, was " + cacheFor);
    }
    this.cacheMillis = cacheFor.toMillis();
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
    byte[] digest = digest(secret);
    String hash = HexFormat.of().formatHex(digest);
    long now = clock.millis();
    if (cacheMillis > 0) {
      Remembered r = remembered.get(hash);
      if (r != null && now < r.until() && MessageDigest.isEqual(r.hash(), digest)) {
        return Optional.of(r.key());
      }
    }
    Optional<ApiKey> found = store.findBySecretHash(hash).filter(ApiKey::active);
    if (cacheMillis > 0 && found.isPresent()) {
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.put(hash, new Remembered(found.get(), digest, now + cacheMillis));
    }
    return found;
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
    boolean revoked = store.revoke(id, now());
    remembered.values().removeIf(r -> r.key().id().equals(id));
    return revoked;
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
    return HexFormat.of().formatHex(digest(secret));
  }

  /** One digest per thread: {@code MessageDigest.getInstance} looks up the provider each time. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
          });

  private static byte[] digest(String secret) {
    MessageDigest sha = SHA_256.get();
    sha.reset();
    return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
