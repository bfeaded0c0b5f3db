package dev.chronos.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks whether the store answers, so that an outage is logged once when it starts and once when
 * it ends, however many loops notice it. Thread-safe.
 */
final class StoreHealth {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.Chronos");

  private final Clock clock;
  private final String store;

  /** Start of the current outage, or null while the store answers. */
  private final AtomicReference<Instant> outageSince = new AtomicReference<>();

  /** Runs when the store answers again after an outage (wakes the engine's loops). */
  private volatile Runnable onRecovery = () -> {};

  StoreHealth(Clock clock, String store) {
    this.clock = clock;
    this.store = store;
  }

  void onRecovery(Runnable callback) {
    this.onRecovery = callback;
  }

  void ok() {
    Instant since = outageSince.getAndSet(null);
    if (since != null) {
      log.info(
          "Store {} answers again after {}; resuming",
          store,
          Duration.between(since, clock.instant()));
      onRecovery.run();
    }
  }

  void failed(String what, Throwable error) {
    if (outageSince.compareAndSet(null, clock.instant())) {
      log.warn(
          "Store {} failed during {}; retrying with backoff until it answers", store, what, error);
    } else {
      log.debug("Store {} still failing during {}: {}", store, what, error.toString());
    }
  }

  boolean healthy() {
    return outageSince.get() == null;
  }
}
