package dev.chronos.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * An entry of the index of running executions by the end of their lease.
 *
 * @param leaseExpiresAt when the lease ends
 * @param executionId the running execution
 * @param slot its job
 */
record LeaseEntry(Instant leaseExpiresAt, UUID executionId, JobSlot slot) {
  /** Earliest lease end first; ties by execution id. */
  static final Comparator<LeaseEntry> ORDER =
      Comparator.comparing(LeaseEntry::leaseExpiresAt)
          .thenComparing(LeaseEntry::executionId, Ids.UNSIGNED);
}
