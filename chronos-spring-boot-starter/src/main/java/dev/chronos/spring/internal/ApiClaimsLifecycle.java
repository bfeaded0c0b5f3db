package dev.chronos.spring.internal;

import dev.chronos.http.ChronosApi;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Ends the mounted API's worker long-polls first thing at shutdown ({@link ChronosApi#endClaims}):
 * in phase {@code DEFAULT_PHASE}, which stops before the web server's graceful shutdown ({@code
 * DEFAULT_PHASE - 1024}), so that graceful shutdown does not wait up to 20 s for claims that will
 * not be answered anyway. Thread-safe.
 */
public final class ApiClaimsLifecycle implements SmartLifecycle {
  private final ChronosApi api;
  private volatile boolean running;

  /**
   * The lifecycle of an API's claims.
   *
   * @param api the API
   */
  public ApiClaimsLifecycle(ChronosApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    api.endClaims();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return DEFAULT_PHASE;
  }
}
