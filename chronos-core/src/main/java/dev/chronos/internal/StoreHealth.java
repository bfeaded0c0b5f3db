package dev.chronos.internal;

import dev.chronos.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * Tracks whether the store answers, so that an outage is logged once when it starts and once when
 * it ends, however many loops notice it. Thread-safe.
 *
 * <p>Only {@link StoreUnavailableException} is an outage. Anything else a store throws (it refused
 * the data, {@link dev.chronos.StoreRejectedException}, or failed in a way of its own) means the
 * store answered: it neither starts an outage nor ends one, so that one refused write cannot make
 * every later successful read look like a recovery that wakes all loops. Refusals are logged at
 * most once per {@link #QUIET} at WARN, the rest at DEBUG. Outages that start again within {@link
 * #QUIET} of the last one logged (a flapping store) are logged at DEBUG and counted in the next
 * line logged at WARN.
 */
final class StoreHealth {
  private static final Logger log = Loggers.STORE;

  /** How long after a WARN about the store the next similar one is logged at DEBUG. */
  static final Duration QUIET = Duration.ofMinutes(1);

  private final Clock clock;
  private final String store;

  /** Start of the current outage, or null while the store answers. */
  private final AtomicReference<Instant> outageSince = new AtomicReference<>();

  /** Whether the current outage's start was logged at WARN (so its end is logged at INFO). */
  private volatile boolean outageLogged;

  /** When an outage's start or a refusal was last logged at WARN. */
  private final AtomicReference<Instant> lastOutageWarn = new AtomicReference<>(Instant.MIN);

  private final AtomicReference<Instant> lastRefusalWarn = new AtomicReference<>(Instant.MIN);

  /** Outages and refusals logged at DEBUG since the last WARN of their kind. */
  private final AtomicInteger quietOutages = new AtomicInteger();

  private final AtomicInteger quietRefusals = new AtomicInteger();

  /** Runs when the store answers again after an outage (wakes the engine's loops). */
  private volatile Runnable onRecovery = () -> {};

  StoreHealth(Clock clock, String store) {
    this.clock = clock;
    this.store = store;
  }

  void onRecovery(Runnable callback) {
    this.onRecovery = callback;
  }

  /** The store answered an operation. Ends an outage, if one was on. */
  void ok() {
    Instant since = outageSince.getAndSet(null);
    if (since != null) {
      Duration lasted = Duration.between(since, clock.instant());
      if (outageLogged) {
        log.info("Store {} answers again after {}; resuming", store, lasted);
      } else {
        log.debug("Store {} answers again after {}", store, lasted);
      }
      onRecovery.run();
    }
  }

  /**
   * An operation failed: an outage when the store could not be reached, otherwise a refusal that
   * leaves the health as it was.
   *
   * @param what the operation, for the log
   * @param error what the store threw
   */
  void failed(String what, Throwable error) {
    if (!(error instanceof StoreUnavailableException)) {
      refused(what, error);
      return;
    }
    Instant now = clock.instant();
    if (!outageSince.compareAndSet(null, now)) {
      log.debug("Store {} still failing during {}: {}", store, what, error.toString());
      return;
    }
    if (warnNow(lastOutageWarn, now)) {
      outageLogged = true;
      int quiet = quietOutages.getAndSet(0);
      log.warn(
          "Store {} failed during {}; retrying with backoff until it answers{}",
          store,
          what,
          quiet == 0 ? "" : " (" + quiet + " short outage(s) since the last warning)",
          error);
    } else {
      outageLogged = false;
      quietOutages.incrementAndGet();
      log.debug("Store {} failed again during {}: {}", store, what, error.toString());
    }
  }

  private void refused(String what, Throwable error) {
    if (warnNow(lastRefusalWarn, clock.instant())) {
      int quiet = quietRefusals.getAndSet(0);
      log.warn(
          "Store {} refused {}{}",
          store,
          what,
          quiet == 0 ? "" : " (and " + quiet + " more refusal(s) since the last warning)",
          error);
    } else {
      quietRefusals.incrementAndGet();
      log.debug("Store {} refused {}: {}", store, what, error.toString());
    }
  }

  /** Whether a WARN of this kind is due now (none within {@link #QUIET}); claims it if so. */
  private static boolean warnNow(AtomicReference<Instant> last, Instant now) {
    Instant previous = last.get();
    return (previous == Instant.MIN || !now.isBefore(previous.plus(QUIET)))
        && last.compareAndSet(previous, now);
  }

  boolean healthy() {
    return outageSince.get() == null;
  }
}
