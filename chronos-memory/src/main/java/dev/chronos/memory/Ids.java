package dev.chronos.memory;

import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** How the store orders and makes ids. */
final class Ids {
  /**
   * Orders ids as unsigned 128-bit numbers: the order of their text form, and of PostgreSQL's and
   * H2's {@code uuid} columns ({@link UUID#compareTo} compares signed halves instead).
   */
  static final Comparator<UUID> UNSIGNED = Ids::compareUnsigned;

  /** {@link #UNSIGNED} as a plain method, for comparators on the hot path. */
  static int compareUnsigned(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  private Ids() {}

  /**
   * A random version-4 id for an execution. {@link ThreadLocalRandom} rather than {@link
   * UUID#randomUUID()}: claims run on many threads and the id is a lease token between nodes of one
   * process, not a secret.
   */
  static UUID newExecutionId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
