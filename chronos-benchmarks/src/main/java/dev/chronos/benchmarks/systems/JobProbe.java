package dev.chronos.benchmarks.systems;

import java.time.Instant;

/**
 * Called by a system's no-op job when it runs, on the thread that runs it. Implementations must be
 * thread-safe and fast.
 */
@FunctionalInterface
public interface JobProbe {

  /**
   * A job's handler started.
   *
   * @param due the time the job was due, as the system reports it to the job
   */
  void ran(Instant due);
}
