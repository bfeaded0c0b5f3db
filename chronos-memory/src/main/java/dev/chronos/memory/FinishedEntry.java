package dev.chronos.memory;

import java.time.Instant;
import java.util.Comparator;

/**
 * An entry of the index of finished jobs, for purges: the job's slot under the {@code updatedAt} at
 * which it reached its terminal status (which changes again only when a failed job is retried by
 * hand; the retry removes the entry, and a purge checks the state under the slot's lock). Ordered
 * by that time, then by job id.
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
