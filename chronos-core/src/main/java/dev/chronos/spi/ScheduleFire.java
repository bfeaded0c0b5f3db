package dev.chronos.spi;

import dev.chronos.Job;
import dev.chronos.Schedule;
import java.util.List;
import java.util.Objects;

/**
 * One fire of a schedule, as the engine hands it to {@link JobStore#fire}: the schedule's next
 * state and the jobs the fire spawns (none when the overlap policy skipped it). Each spawned job
 * carries the idempotency key {@code <scheduleId>.<fire time in epoch milliseconds>}, so the
 * store's unique key on (account, key) allows one job per (schedule, fire time).
 *
 * @param next the schedule after the fire, with {@code version = expectedVersion + 1}
 * @param expectedVersion the version the engine read; the fire applies only if it is still current
 * @param jobs the jobs to spawn
 */
public record ScheduleFire(Schedule next, long expectedVersion, List<Job> jobs) {
  /** Copies the jobs and checks the version step. */
  public ScheduleFire {
    Objects.requireNonNull(next, "next");
    jobs = List.copyOf(jobs);
    if (next.version() != expectedVersion + 1) {
      throw new IllegalArgumentException("next.version must be expectedVersion + 1");
    }
  }
}
