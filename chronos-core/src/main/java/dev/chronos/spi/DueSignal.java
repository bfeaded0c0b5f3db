package dev.chronos.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store's wake-up says of the work that became due, so that a node can ignore wake-ups that
 * are not for it ({@link JobStore#subscribe(java.util.function.Predicate, Runnable)}): the delivery
 * type and handler of the jobs, and the earliest due time among them.
 *
 * @param push true for push jobs (then {@code handler} is null), false for pull jobs
 * @param handler the pull jobs' handler, or null for push jobs
 * @param runAt the earliest due time of the jobs the wake-up is about
 */
public record DueSignal(boolean push, String handler, Instant runAt) {
  /** Checks the parts. */
  public DueSignal {
    Objects.requireNonNull(runAt, "runAt");
    if (!push && handler == null) {
      throw new IllegalArgumentException("a pull signal names its handler");
    }
  }
}
