package dev.chronos.internal;

import dev.chronos.push.PushAddressPolicy;
import java.util.List;

/**
 * A node's push delivery settings, as {@link dev.chronos.ChronosBuilder} collected them.
 *
 * @param concurrency how many push requests may be in flight; 0 turns push delivery off on the node
 * @param policy where push jobs may be sent
 * @param signingSecrets the signing secrets, each request signed with every one; empty to send
 *     unsigned
 * @param standardWebhooks whether to add the Standard Webhooks headers (needs a secret)
 * @param resolver how host names are resolved before their addresses are checked
 */
public record PushSettings(
    int concurrency,
    PushAddressPolicy policy,
    List<String> signingSecrets,
    boolean standardWebhooks,
    HostResolver resolver) {

  /** Copies the secrets. */
  public PushSettings {
    signingSecrets = List.copyOf(signingSecrets);
  }

  /** Whether requests are signed. */
  public boolean signed() {
    return !signingSecrets.isEmpty();
  }

  /** Whether this node sends push jobs. */
  public boolean enabled() {
    return concurrency > 0;
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "PushSettings{concurrency="
        + concurrency
        + ", policy="
        + policy
        + ", signingSecrets="
        + signingSecrets.size()
        + ", standardWebhooks="
        + standardWebhooks
        + "}";
  }
}
