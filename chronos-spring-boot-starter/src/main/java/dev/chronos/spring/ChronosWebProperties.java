package dev.chronos.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code chronos.web.*} properties: the Chronos HTTP API (and the dashboard it serves) mounted
 * in the application's own servlet server, when chronos-http is on the class path.
 */
@ConfigurationProperties("chronos.web")
public class ChronosWebProperties {
  /** Whether to mount the Chronos HTTP API (chronos-http) in the application's servlet server. */
  private boolean enabled = false;

  /**
   * Where the API is mounted: /v1/... and /health answer below it, the dashboard at the path itself
   * and /ui/... below it.
   */
  private String path = "/chronos";

  /** Requests per 10 seconds per API key, for keys without a limit of their own. */
  private int rateLimit = 100;

  /** Largest request body, in bytes (1 KiB to 16 MiB). */
  private int maxBodySize = 262_144;

  /** Worker claims that may long-poll at once; each holds a request thread of the server. */
  private int maxWaitingClaims = 64;

  /** Origins allowed to call the API from a browser (exact, e.g. https://ops.example.com). */
  private List<String> corsOrigins = new ArrayList<>();

  /**
   * Whether to create an admin API key of account default when the key store has none, and log it
   * once at start-up (as chronos-server does); otherwise create keys with the ApiKeys bean.
   */
  private boolean bootstrapKey = false;

  /** Made by Spring. */
  public ChronosWebProperties() {}

  /**
   * Whether the API is mounted.
   *
   * @return true to mount it
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether the API is mounted.
   *
   * @param enabled true to mount it
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The mount path.
   *
   * @return the path, such as {@code /chronos}
   */
  public String getPath() {
    return path;
  }

  /**
   * Sets the mount path.
   *
   * @param path the path: starts with {@code /}, not only {@code /}, no trailing {@code /}
   */
  public void setPath(String path) {
    this.path = path;
  }

  /**
   * The rate limit.
   *
   * @return requests per 10 seconds per key
   */
  public int getRateLimit() {
    return rateLimit;
  }

  /**
   * Sets the rate limit.
   *
   * @param rateLimit requests per 10 seconds per key
   */
  public void setRateLimit(int rateLimit) {
    this.rateLimit = rateLimit;
  }

  /**
   * The largest request body.
   *
   * @return bytes
   */
  public int getMaxBodySize() {
    return maxBodySize;
  }

  /**
   * Sets the largest request body.
   *
   * @param maxBodySize bytes
   */
  public void setMaxBodySize(int maxBodySize) {
    this.maxBodySize = maxBodySize;
  }

  /**
   * How many claims may long-poll at once.
   *
   * @return the number
   */
  public int getMaxWaitingClaims() {
    return maxWaitingClaims;
  }

  /**
   * Sets how many claims may long-poll at once.
   *
   * @param maxWaitingClaims the number
   */
  public void setMaxWaitingClaims(int maxWaitingClaims) {
    this.maxWaitingClaims = maxWaitingClaims;
  }

  /**
   * The CORS origins.
   *
   * @return the origins
   */
  public List<String> getCorsOrigins() {
    return corsOrigins;
  }

  /**
   * Sets the CORS origins.
   *
   * @param corsOrigins the origins
   */
  public void setCorsOrigins(List<String> corsOrigins) {
    this.corsOrigins = corsOrigins;
  }

  /**
   * Whether a first admin key is created and logged.
   *
   * @return true to create one when there is none
   */
  public boolean isBootstrapKey() {
    return bootstrapKey;
  }

  /**
   * Sets whether a first admin key is created and logged.
   *
   * @param bootstrapKey true to create one when there is none
   */
  public void setBootstrapKey(boolean bootstrapKey) {
    this.bootstrapKey = bootstrapKey;
  }
}
