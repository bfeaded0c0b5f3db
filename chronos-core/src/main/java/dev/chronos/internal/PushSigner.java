package dev.chronos.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs push deliveries with the node's signing secrets, once per secret, so that a secret can be
 * rotated without a moment when receivers refuse deliveries: {@code X-Chronos-Signature} is a
 * comma-separated list with one {@code sha256=} and lower-case hex HMAC-SHA256 per secret, keyed
 * with the secret's UTF-8 bytes, of {@code "<execution id>.<timestamp>.<body>"}; the Standard
 * Webhooks {@code webhook-signature} is a space-separated list with one {@code v1,} and base64
 * HMAC-SHA256 per secret of {@code "<webhook id>.<timestamp>.<body>"}, keyed with the
 * base64-decoded part after {@code whsec_} for secrets of that form, else the UTF-8 bytes. With one
 * secret each header carries one signature, as before rotation was possible. {@link
 * dev.chronos.push.SignatureVerifier} accepts a request when any signature matches any of its
 * secrets. Thread-safe.
 */
final class PushSigner {
  private static final String WHSEC = "whsec_";

  private final List<byte[]> chronosKeys = new ArrayList<>();
  private final List<byte[]> standardKeys = new ArrayList<>();

  /**
   * @param secrets the secrets, in the order their signatures are listed; at least one
   * @param standardWebhooks whether Standard Webhooks signatures will be asked for
   * @throws IllegalArgumentException if they will and a {@code whsec_} secret is not valid base64
   */
  PushSigner(List<String> secrets, boolean standardWebhooks) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("a signer needs at least one secret");
    }
    for (String secret : secrets) {
      byte[] key = secret.getBytes(StandardCharsets.UTF_8);
      chronosKeys.add(key);
      standardKeys.add(
          standardWebhooks && secret.startsWith(WHSEC)
              ? Base64.getDecoder().decode(secret.substring(WHSEC.length()))
              : key);
    }
  }

  String chronosSignature(String deliveryId, String timestamp, byte[] body) {
    StringJoiner header = new StringJoiner(",");
    for (byte[] key : chronosKeys) {
      header.add("sha256=" + HexFormat.of().formatHex(hmac(key, deliveryId, timestamp, body)));
    }
    return header.toString();
  }

  String standardWebhooksSignature(String id, String timestamp, byte[] body) {
    StringJoiner header = new StringJoiner(" ");
    for (byte[] key : standardKeys) {
      header.add("v1," + Base64.getEncoder().encodeToString(hmac(key, id, timestamp, body)));
    }
    return header.toString();
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
