package dev.chronos.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A handler name that due pull jobs wait for, and how long the oldest of them has waited.
 *
 * @param handler the handler name
 * @param oldestRunAt the earliest {@code runAt} among its waiting jobs the store read
 */
public record WaitingHandler(String handler, Instant oldestRunAt) {
  /** Checks that both parts are present. */
  public WaitingHandler {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(oldestRunAt, "oldestRunAt");
  }
}
