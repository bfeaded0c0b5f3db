package dev.chronos.memory;

import java.time.Instant;
import java.util.Comparator;

/**
 * An entry of the index of finished jobs, for purges: the job's slot under the {@code updatedAt} at
 * which it reached its terminal status (which never changes again). Ordered by that time, then by
 * job id.
 *
 * @param updatedAt when the job finished
 * @param slot the job
 */
record FinishedEntry(Instant updatedAt, JobSlot slot) {
  /** Oldest first; ties by job id, so that every entry has its own place. */
  static final Comparator<FinishedEntry> ORDER =
      (a, b) -> {
        int c = a.updatedAt.compareTo(b.updatedAt);
        return c != 0 ? c : Ids.compareUnsigned(a.slot.id, b.slot.id);
      };
}
