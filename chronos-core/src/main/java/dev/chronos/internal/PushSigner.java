package dev.chronos.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs push deliveries with the node's signing secret: {@code X-Chronos-Signature} is {@code
 * sha256=} and the lower-case hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of {@code
 * "<execution id>.<timestamp>.<body>"}; the Standard Webhooks {@code webhook-signature} is {@code
 * v1,} and the base64 HMAC-SHA256 of {@code "<webhook id>.<timestamp>.<body>"}, keyed with the
 * base64-decoded part after {@code whsec_} for secrets of that form, else the UTF-8 bytes. {@link
 * dev.chronos.push.SignatureVerifier} checks the same rules. Thread-safe.
 */
final class PushSigner {
  private static final String WHSEC = "whsec_";

  private final byte[] chronosKey;
  private final byte[] standardKey;

  /**
   * @param standardWebhooks whether Standard Webhooks signatures will be asked for
   * @throws IllegalArgumentException if they will and a {@code whsec_} secret is not valid base64
   */
  PushSigner(String secret, boolean standardWebhooks) {
    this.chronosKey = secret.getBytes(StandardCharsets.UTF_8);
    this.standardKey =
        standardWebhooks && secret.startsWith(WHSEC)
            ? Base64.getDecoder().decode(secret.substring(WHSEC.length()))
            : chronosKey;
  }

  String chronosSignature(String deliveryId, String timestamp, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac(chronosKey, deliveryId, timestamp, body));
  }

  String standardWebhooksSignature(String id, String timestamp, byte[] body) {
    return "v1," + Base64.getEncoder().encodeToString(hmac(standardKey, id, timestamp, body));
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
}
