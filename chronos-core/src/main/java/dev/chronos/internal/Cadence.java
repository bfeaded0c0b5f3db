package dev.chronos.internal;

import java.time.Instant;
import java.util.Optional;

/** When a schedule fires: the next nominal fire time strictly after a given instant. */
public interface Cadence {
  /**
   * The first nominal fire time strictly after {@code after}.
   *
   * @param after the previous nominal fire time, or the moment to start from
   * @return the next fire time, or empty if there is none (an expression that never fires)
   */
  Optional<Instant> next(Instant after);
}
