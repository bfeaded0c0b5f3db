package dev.chronos.memory;

import java.time.Instant;
import java.util.Comparator;

/**
 * An entry of the index of runnable jobs: the job's slot under the {@code runAt} it had when it
 * became runnable. Ordered by {@code runAt}, then by job id.
 *
 * @param runAt when the job is due
 * @param slot the job
 */
record DueEntry(Instant runAt, JobSlot slot) {
  /**
   * Earliest first; ties by job id, so that every entry has its own place. Written out rather than
   * composed with {@code Comparator.comparing}: the skip list calls it some 20 times per change.
   */
  static final Comparator<DueEntry> ORDER =
      (a, b) -> {
        int c = a.runAt.compareTo(b.runAt);
        return c != 0 ? c : Ids.compareUnsigned(a.slot.id, b.slot.id);
      };
}
