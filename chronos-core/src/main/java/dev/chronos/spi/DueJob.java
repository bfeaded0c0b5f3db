package dev.chronos.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A runnable job's id and the time its next attempt is due: what the engine keeps in memory.
 *
 * @param id the job
 * @param runAt when its next attempt is due
 */
public record DueJob(UUID id, Instant runAt) {
  /** Checks that both parts are present. */
  public DueJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(runAt, "runAt");
  }
}
