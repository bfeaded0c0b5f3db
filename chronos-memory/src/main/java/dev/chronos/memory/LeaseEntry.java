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
      (a, b) -> {
        int c = a.leaseExpiresAt.compareTo(b.leaseExpiresAt);
        return c != 0 ? c : Ids.compareUnsigned(a.executionId, b.executionId);
      };
}
