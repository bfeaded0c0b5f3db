package dev.chronos.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a push request really comes from Chronos, for the code that receives it. Uses nothing
 * but the JDK. Immutable and thread-safe: build one for your signing secrets and share it.
 *
 * <pre>{@code
 * SignatureVerifier verifier = SignatureVerifier.of(System.getenv("CHRONOS_SIGNING_SECRET"));
 *
 * // in the endpoint, with the raw body bytes exactly as received:
 * if (!verifier.verify(request::getHeader, body).isValid()) {
 *   return 401;
 * }
 * }</pre>
 *
 * <p>{@link #verify(Function, byte[])} checks the Chronos headers: all three are present ({@code
 * X-Chronos-Delivery-Id}, {@code X-Chronos-Timestamp}, {@code X-Chronos-Signature}); the signature
 * header is one or more comma-separated {@code sha256=} followed by 64 hex digits (one per secret
 * the sender signs with: several while a secret is rotated), at least one well-formed; the
 * timestamp is unix seconds in digits only and within the tolerance (default 5 minutes) of the
 * verifier's clock, either way; and the signature equals HMAC-SHA256, keyed with one of the
 * secrets' UTF-8 bytes, of {@code "<delivery id>.<timestamp>.<body>"}, every pair compared in
 * constant time. {@link #verifyStandardWebhooks(Function, byte[])} does the same for the <a
 * href="https://www.standardwebhooks.com/">Standard Webhooks</a> headers that Chronos adds when
 * {@code ChronosBuilder.standardWebhooks()} is set.
 *
 * <p>The timestamp check limits replays to the tolerance window; to refuse replays inside it, also
 * remember the delivery ids you have handled.
 */
public final class SignatureVerifier {
  /** Header carrying the execution id, which is also the first part of the signed text. */
  public static final String DELIVERY_ID_HEADER = "X-Chronos-Delivery-Id";

  /** Header carrying the unix time of the delivery in seconds. */
  public static final String TIMESTAMP_HEADER = "X-Chronos-Timestamp";

  /** Header carrying {@code sha256=<hex>}, several separated by commas while secrets rotate. */
  public static final String SIGNATURE_HEADER = "X-Chronos-Signature";

  /** Standard Webhooks message id header (the job id, the same across retries). */
  public static final String WEBHOOK_ID_HEADER = "webhook-id";

  /** Standard Webhooks timestamp header (unix seconds). */
  public static final String WEBHOOK_TIMESTAMP_HEADER = "webhook-timestamp";

  /** Standard Webhooks signature header ({@code v1,<base64>}, several separated by spaces). */
  public static final String WEBHOOK_SIGNATURE_HEADER = "webhook-signature";

  /** The default tolerance between the delivery's timestamp and the receiver's clock. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String PREFIX = "sha256=";
  private static final String WHSEC = "whsec_";

  /** Why a request passed or failed verification. */
  public enum Result {
    /** The signature matches and the timestamp is within the tolerance. */
    VALID,
    /** A required header is missing or empty. */
    MISSING_HEADER,
    /** The signature header is not in the expected form. */
    MALFORMED_SIGNATURE,
    /** The timestamp is not unix seconds in digits. */
    MALFORMED_TIMESTAMP,
    /** The timestamp is further from the verifier's clock than the tolerance. */
    TIMESTAMP_OUT_OF_TOLERANCE,
    /** The signature does not match: another secret, or the id, timestamp or body changed. */
    SIGNATURE_MISMATCH;

    /**
     * Whether the request passed.
     *
     * @return true for {@link #VALID}
     */
    public boolean isValid() {
      return this == VALID;
    }
  }

  private final List<byte[]> chronosKeys;
  private final List<byte[]> standardKeys;
  private final Duration tolerance;
  private final Clock clock;

  private SignatureVerifier(
      List<byte[]> chronosKeys, List<byte[]> standardKeys, Duration tolerance, Clock clock) {
    this.chronosKeys = chronosKeys;
    this.standardKeys = standardKeys;
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * A verifier for the signing secrets configured with {@code ChronosBuilder.signingSecret} or
   * {@code signingSecrets}, with a 5-minute tolerance and the system clock. A request is valid when
   * any signature in its header matches any of these secrets, so a receiver can accept the old and
   * the new secret while a rotation is under way.
   *
   * @param signingSecrets one or more secrets
   * @return the verifier
   * @throws IllegalArgumentException if none is given or one is empty
   */
  public static SignatureVerifier of(String... signingSecrets) {
    Objects.requireNonNull(signingSecrets, "signingSecrets");
    if (signingSecrets.length == 0) {
      throw new IllegalArgumentException("at least one signing secret is required");
    }
    List<byte[]> chronosKeys = new ArrayList<>();
    List<byte[]> standardKeys = new ArrayList<>();
    for (String signingSecret : signingSecrets) {
      Objects.requireNonNull(signingSecret, "signingSecret");
      if (signingSecret.isEmpty()) {
        throw new IllegalArgumentException("signingSecret must not be empty");
      }
      chronosKeys.add(signingSecret.getBytes(StandardCharsets.UTF_8));
      standardKeys.add(standardWebhooksKey(signingSecret));
    }
    return new SignatureVerifier(
        List.copyOf(chronosKeys), List.copyOf(standardKeys), DEFAULT_TOLERANCE, Clock.systemUTC());
  }

  /**
   * The key Standard Webhooks signatures use for a secret: the base64-decoded part after {@code
   * whsec_} for secrets of that form (as the Standard Webhooks libraries expect), otherwise the
   * secret's UTF-8 bytes.
   *
   * @param signingSecret the secret
   * @return the HMAC key
   * @throws IllegalArgumentException if a {@code whsec_} secret is not valid base64
   */
  static byte[] standardWebhooksKey(String signingSecret) {
    if (signingSecret.startsWith(WHSEC)) {
      return Base64.getDecoder().decode(signingSecret.substring(WHSEC.length()));
    }
    return signingSecret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A copy with another tolerance.
   *
   * @param tolerance how far the timestamp may be from the clock, either way; positive
   * @return the new verifier
   */
  public SignatureVerifier withTolerance(Duration tolerance) {
    Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("tolerance must be positive, was " + tolerance);
    }
    return new SignatureVerifier(chronosKeys, standardKeys, tolerance, clock);
  }

  /**
   * A copy reading the time from another clock (tests).
   *
   * @param clock the clock
   * @return the new verifier
   */
  public SignatureVerifier withClock(Clock clock) {
    return new SignatureVerifier(
        chronosKeys, standardKeys, tolerance, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Verifies the Chronos headers of a request.
   *
   * @param header looks up a request header by name; it should ignore case, as servlet and JDK
   *     server header lookups do ({@code request::getHeader}, {@code
   *     exchange.getRequestHeaders()::getFirst})
   * @param body the raw body bytes, exactly as received
   * @return the result
   */
  public Result verify(Function<String, String> header, byte[] body) {
    Objects.requireNonNull(header, "header");
    return verify(
        header.apply(DELIVERY_ID_HEADER),
        header.apply(TIMESTAMP_HEADER),
        header.apply(SIGNATURE_HEADER),
        body);
  }

  /**
   * Verifies the values of the Chronos headers.
   *
   * @param deliveryId the {@code X-Chronos-Delivery-Id} value, or null if absent
   * @param timestamp the {@code X-Chronos-Timestamp} value, or null if absent
   * @param signature the {@code X-Chronos-Signature} value, or null if absent
   * @param body the raw body bytes, exactly as received
   * @return the result
   */
  public Result verify(String deliveryId, String timestamp, String signature, byte[] body) {
    Objects.requireNonNull(body, "body");
    if (isEmpty(deliveryId) || isEmpty(timestamp) || isEmpty(signature)) {
      return Result.MISSING_HEADER;
    }
    List<byte[]> given = new ArrayList<>();
    for (String candidate : signature.split(",")) {
      String entry = candidate.strip();
      if (entry.startsWith(PREFIX)) {
        byte[] bytes = hex(entry.substring(PREFIX.length()));
        if (bytes != null && bytes.length == 32) {
          given.add(bytes);
        }
      }
    }
    if (given.isEmpty()) {
      return Result.MALFORMED_SIGNATURE;
    }
    Result time = checkTimestamp(timestamp);
    if (time != Result.VALID) {
      return time;
    }
    return anyMatches(chronosKeys, deliveryId, timestamp, body, given)
        ? Result.VALID
        : Result.SIGNATURE_MISMATCH;
  }

  /** Whether any signature given equals the HMAC under any key; every comparison constant-time. */
  private static boolean anyMatches(
      List<byte[]> keys, String id, String timestamp, byte[] body, List<byte[]> given) {
    boolean matched = false;
    for (byte[] key : keys) {
      byte[] expected = hmac(key, id, timestamp, body);
      for (byte[] signature : given) {
        matched |= MessageDigest.isEqual(expected, signature);
      }
    }
    return matched;
  }

  /**
   * Verifies the Standard Webhooks headers of a request ({@code webhook-id}, {@code
   * webhook-timestamp}, {@code webhook-signature}); any one {@code v1} signature in the header may
   * match.
   *
   * @param header looks up a request header by name, ignoring case
   * @param body the raw body bytes, exactly as received
   * @return the result
   */
  public Result verifyStandardWebhooks(Function<String, String> header, byte[] body) {
    Objects.requireNonNull(header, "header");
    return verifyStandardWebhooks(
        header.apply(WEBHOOK_ID_HEADER),
        header.apply(WEBHOOK_TIMESTAMP_HEADER),
        header.apply(WEBHOOK_SIGNATURE_HEADER),
        body);
  }

  /**
   * Verifies the values of the Standard Webhooks headers.
   *
   * @param id the {@code webhook-id} value, or null if absent
   * @param timestamp the {@code webhook-timestamp} value, or null if absent
   * @param signatures the {@code webhook-signature} value, or null if absent
   * @param body the raw body bytes, exactly as received
   * @return the result
   */
  public Result verifyStandardWebhooks(
      String id, String timestamp, String signatures, byte[] body) {
    Objects.requireNonNull(body, "body");
    if (isEmpty(id) || isEmpty(timestamp) || isEmpty(signatures)) {
      return Result.MISSING_HEADER;
    }
    Result time = checkTimestamp(timestamp);
    if (time != Result.VALID) {
      return time;
    }
    List<byte[]> given = new ArrayList<>();
    for (String candidate : signatures.trim().split(" +")) {
      if (!candidate.startsWith("v1,")) {
        continue;
      }
      try {
        given.add(Base64.getDecoder().decode(candidate.substring(3)));
      } catch (IllegalArgumentException e) {
        // not base64: not a signature of ours; the others may still match
      }
    }
    if (given.isEmpty()) {
      return Result.MALFORMED_SIGNATURE;
    }
    return anyMatches(standardKeys, id, timestamp, body, given)
        ? Result.VALID
        : Result.SIGNATURE_MISMATCH;
  }

  private Result checkTimestamp(String timestamp) {
    if (timestamp.length() > 18 || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Result.MALFORMED_TIMESTAMP;
    }
    long seconds = Long.parseLong(timestamp);
    long now = clock.instant().getEpochSecond();
    return Math.abs(now - seconds) <= tolerance.toSeconds()
        ? Result.VALID
        : Result.TIMESTAMP_OUT_OF_TOLERANCE;
  }

  private static byte[] hmac(byte[] key, String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Decodes lower- or upper-case hex; null if it is not hex. */
  private static byte[] hex(String text) {
    if (text.length() % 2 != 0) {
      return null;
    }
    byte[] bytes = new byte[text.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      int hi = hexValue(text.charAt(2 * i));
      int lo = hexValue(text.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        return null;
      }
      bytes[i] = (byte) ((hi << 4) | lo);
    }
    return bytes;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  @Override
  public String toString() {
    return "SignatureVerifier{tolerance=" + tolerance + "}";
  }
}
