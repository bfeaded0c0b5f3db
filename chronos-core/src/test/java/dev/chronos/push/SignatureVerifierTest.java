package dev.chronos.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.push.SignatureVerifier.Result;
import dev.chronos.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The receiver's check, against signatures computed here independently. */
class SignatureVerifierTest {
  private static final String SECRET = "test-signing-secret-0123456789abcdef";
  private static final String DELIVERY_ID = "8a1e3c52-4b7f-4e0e-9a63-2f0c1d2e3f40";
  private static final byte[] BODY =
      ("{\"job_id\":\"5b0d\",\"handler\":null,\"execution_id\":\""
              + DELIVERY_ID
              + "\",\"scheduled_for\":\"2026-01-15T09:00:00Z\",\"attempt\":1,\"payload\":null}")
          .getBytes(StandardCharsets.UTF_8);

  private final MutableClock clock = MutableClock.at(Instant.ofEpochSecond(1_768_467_600L));
  private final SignatureVerifier verifier = SignatureVerifier.of(SECRET).withClock(clock);
  private final String timestamp = Long.toString(clock.instant().getEpochSecond());

  static byte[] hmac(byte[] key, String text, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update(text.getBytes(StandardCharsets.UTF_8));
    return mac.doFinal(body);
  }

  static String hex(byte[] bytes) {
    StringBuilder b = new StringBuilder();
    for (byte x : bytes) {
      b.append(String.format("%02x", x));
    }
    return b.toString();
  }

  private String signature(String secret, String id, String ts, byte[] body) throws Exception {
    return "sha256="
        + hex(hmac(secret.getBytes(StandardCharsets.UTF_8), id + "." + ts + ".", body));
  }

  @Test
  void accepts_a_correctly_signed_request() throws Exception {
    String sig = signature(SECRET, DELIVERY_ID, timestamp, BODY);

    assertThat(verifier.verify(DELIVERY_ID, timestamp, sig, BODY)).isEqualTo(Result.VALID);
    assertThat(
            verifier.verify(
                DELIVERY_ID,
                timestamp,
                sig.toUpperCase(Locale.ROOT).replace("SHA256=", "sha256="),
                BODY))
        .isEqualTo(Result.VALID);
  }

  @Test
  void reads_headers_through_a_case_insensitive_lookup() throws Exception {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("x-chronos-delivery-id", DELIVERY_ID);
    headers.put("x-chronos-timestamp", timestamp);
    headers.put("x-chronos-signature", signature(SECRET, DELIVERY_ID, timestamp, BODY));

    assertThat(verifier.verify(headers::get, BODY).isValid()).isTrue();
  }

  @Test
  void refuses_a_request_with_a_missing_header() throws Exception {
    String sig = signature(SECRET, DELIVERY_ID, timestamp, BODY);

    assertThat(verifier.verify(null, timestamp, sig, BODY)).isEqualTo(Result.MISSING_HEADER);
    assertThat(verifier.verify(DELIVERY_ID, null, sig, BODY)).isEqualTo(Result.MISSING_HEADER);
    assertThat(verifier.verify(DELIVERY_ID, timestamp, null, BODY))
        .isEqualTo(Result.MISSING_HEADER);
    assertThat(verifier.verify(DELIVERY_ID, "", sig, BODY)).isEqualTo(Result.MISSING_HEADER);
    assertThat(verifier.verify(new HashMap<String, String>()::get, BODY))
        .isEqualTo(Result.MISSING_HEADER);
  }

  @Test
  void refuses_a_malformed_signature() throws Exception {
    String hex = signature(SECRET, DELIVERY_ID, timestamp, BODY).substring("sha256=".length());

    assertThat(verifier.verify(DELIVERY_ID, timestamp, hex, BODY))
        .isEqualTo(Result.MALFORMED_SIGNATURE);
    assertThat(verifier.verify(DELIVERY_ID, timestamp, "sha1=" + hex, BODY))
        .isEqualTo(Result.MALFORMED_SIGNATURE);
    assertThat(verifier.verify(DELIVERY_ID, timestamp, "sha256=" + hex.substring(2), BODY))
        .isEqualTo(Result.MALFORMED_SIGNATURE);
    assertThat(verifier.verify(DELIVERY_ID, timestamp, "sha256=zz" + hex.substring(2), BODY))
        .isEqualTo(Result.MALFORMED_SIGNATURE);
    assertThat(verifier.verify(DELIVERY_ID, timestamp, "sha256=" + hex + "00", BODY))
        .isEqualTo(Result.MALFORMED_SIGNATURE);
  }

  @Test
  void refuses_a_timestamp_that_is_not_digits() throws Exception {
    for (String ts : new String[] {"-1", "1.5", "1e9", " 1768467600", "2026-01-15T09:00:00Z"}) {
      String sig = signature(SECRET, DELIVERY_ID, ts, BODY);
      assertThat(verifier.verify(DELIVERY_ID, ts, sig, BODY))
          .as(ts)
          .isEqualTo(Result.MALFORMED_TIMESTAMP);
    }
  }

  @Test
  void accepts_five_minutes_of_clock_difference_either_way_and_no_more() throws Exception {
    long now = clock.instant().getEpochSecond();
    for (long offset : new long[] {-300, 300}) {
      String ts = Long.toString(now + offset);
      assertThat(verifier.verify(DELIVERY_ID, ts, signature(SECRET, DELIVERY_ID, ts, BODY), BODY))
          .isEqualTo(Result.VALID);
    }
    for (long offset : new long[] {-301, 301, -86_400}) {
      String ts = Long.toString(now + offset);
      assertThat(verifier.verify(DELIVERY_ID, ts, signature(SECRET, DELIVERY_ID, ts, BODY), BODY))
          .isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
    }
    String old = Long.toString(now - 600);
    assertThat(
            verifier
                .withTolerance(Duration.ofMinutes(15))
                .verify(DELIVERY_ID, old, signature(SECRET, DELIVERY_ID, old, BODY), BODY))
        .isEqualTo(Result.VALID);
  }

  @Test
  void refuses_a_changed_body_id_or_timestamp_and_another_secret() throws Exception {
    String sig = signature(SECRET, DELIVERY_ID, timestamp, BODY);
    byte[] changed = BODY.clone();
    changed[changed.length - 2] = 'X';
    String otherTs = Long.toString(clock.instant().getEpochSecond() - 1);

    assertThat(verifier.verify(DELIVERY_ID, timestamp, sig, changed))
        .isEqualTo(Result.SIGNATURE_MISMATCH);
    assertThat(verifier.verify("another-id", timestamp, sig, BODY))
        .isEqualTo(Result.SIGNATURE_MISMATCH);
    assertThat(verifier.verify(DELIVERY_ID, otherTs, sig, BODY))
        .isEqualTo(Result.SIGNATURE_MISMATCH);
    assertThat(
            verifier.verify(
                DELIVERY_ID,
                timestamp,
                signature("other-secret", DELIVERY_ID, timestamp, BODY),
                BODY))
        .isEqualTo(Result.SIGNATURE_MISMATCH);
  }

  @Test
  void verifies_standard_webhooks_headers_with_a_whsec_secret() throws Exception {
    byte[] key = "a-32-byte-key-for-standard-hooks".getBytes(StandardCharsets.UTF_8);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    SignatureVerifier standard = SignatureVerifier.of(secret).withClock(clock);
    String id = "5b0d9e0c-1f1a-4c9b-8f4e-0d6a7b8c9d0e";
    String good =
        "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestamp + ".", BODY));
    String bad = "v1," + Base64.getEncoder().encodeToString(new byte[32]);

    assertThat(standard.verifyStandardWebhooks(id, timestamp, good, BODY)).isEqualTo(Result.VALID);
    assertThat(standard.verifyStandardWebhooks(id, timestamp, bad + " " + good, BODY))
        .isEqualTo(Result.VALID);
    assertThat(standard.verifyStandardWebhooks(id, timestamp, bad, BODY))
        .isEqualTo(Result.SIGNATURE_MISMATCH);
    assertThat(standard.verifyStandardWebhooks(id, timestamp, "v2,abc", BODY))
        .isEqualTo(Result.MALFORMED_SIGNATURE);
    assertThat(standard.verifyStandardWebhooks(id, null, good, BODY))
        .isEqualTo(Result.MISSING_HEADER);
    String late = Long.toString(clock.instant().getEpochSecond() + 301);
    assertThat(standard.verifyStandardWebhooks(id, late, good, BODY))
        .isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void rejects_an_empty_secret_and_a_non_positive_tolerance() {
    assertThatThrownBy(() -> SignatureVerifier.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> verifier.withTolerance(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_header_listing_several_signatures_is_valid_when_any_one_matches() throws Exception {
    String good = signature(SECRET, DELIVERY_ID, timestamp, BODY);
    String other = signature("another-secret", DELIVERY_ID, timestamp, BODY);

    assertThat(verifier.verify(DELIVERY_ID, timestamp, other + "," + good, BODY))
        .isEqualTo(Result.VALID);
    assertThat(verifier.verify(DELIVERY_ID, timestamp, good + ", " + other, BODY))
        .isEqualTo(Result.VALID);
    assertThat(verifier.verify(DELIVERY_ID, timestamp, "sha256=zz," + good, BODY))
        .isEqualTo(Result.VALID);
    assertThat(verifier.verify(DELIVERY_ID, timestamp, other + "," + other, BODY))
        .isEqualTo(Result.SIGNATURE_MISMATCH);
    assertThat(verifier.verify(DELIVERY_ID, timestamp, "sha256=zz,md5=00", BODY))
        .isEqualTo(Result.MALFORMED_SIGNATURE);
  }

  @Test
  void a_verifier_of_several_secrets_accepts_a_signature_by_any_of_them() throws Exception {
    SignatureVerifier rotating = SignatureVerifier.of("new-secret", SECRET).withClock(clock);

    assertThat(
            rotating.verify(
                DELIVERY_ID, timestamp, signature(SECRET, DELIVERY_ID, timestamp, BODY), BODY))
        .isEqualTo(Result.VALID);
    assertThat(
            rotating.verify(
                DELIVERY_ID,
                timestamp,
                signature("new-secret", DELIVERY_ID, timestamp, BODY),
                BODY))
        .isEqualTo(Result.VALID);
    assertThat(
            rotating.verify(
                DELIVERY_ID, timestamp, signature("retired", DELIVERY_ID, timestamp, BODY), BODY))
        .isEqualTo(Result.SIGNATURE_MISMATCH);
    assertThatThrownBy(() -> SignatureVerifier.of()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignatureVerifier.of("ok", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
