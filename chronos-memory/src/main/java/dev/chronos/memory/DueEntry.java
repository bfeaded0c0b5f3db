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
  /** Earliest first; ties by job id, so that every entry has its own place. */
  static final Comparator<DueEntry> ORDER =
      Comparator.comparing(DueEntry::runAt)
          .thenComparing((DueEntry e) -> e.slot().id, Ids.UNSIGNED);
}
