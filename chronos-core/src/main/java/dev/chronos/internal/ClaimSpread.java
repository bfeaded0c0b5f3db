package dev.chronos.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which of the due jobs a lane claims when other nodes claim from the same due jobs.
 *
 * <p>Every node's feeder reads the same earliest due jobs, so nodes that each claimed their
 * earliest queued jobs would all ask for the same rows: the first to claim a batch wins it, and a
 * node that lost once walks behind the winner through entries already claimed (a stale entry costs
 * a place in a claim and returns nothing), claiming nothing while the others share the work. Once a
 * claim came back short (some of the listed jobs were no longer runnable: most likely another node
 * claimed them), the lane is <em>contended</em> for the next {@link #CONTENDED_CLAIMS} claims: it
 * takes up to {@link #WINDOW} times its room of due entries (at least {@link #MIN_WINDOW}),
 * earliest first, claims a random {@code room} of them and gives the rest back to the queue. Nodes
 * then ask for mostly different rows and each gets a share in proportion to how fast it claims.
 *
 * <p>Punctuality: only jobs already due are ever passed over, and only while more are due than the
 * lane can claim at once (a backlog, when order among due jobs cannot all be kept anyway); an entry
 * given back is due and is among the earliest in the queue, so it is picked again by a later claim
 * of this node or claimed by another. A node that claims alone is never contended (its claims come
 * back whole) and claims in due order.
 *
 * <p>Only the lane's dispatcher thread calls this class, except {@link #contended()}, which any
 * thread may read.
 */
final class ClaimSpread {
  /** How many due entries per place in a claim a contended lane chooses among. */
  static final int WINDOW = 3;

  /**
   * The fewest due entries a contended lane chooses among: a lane with a small room (few free
   * slots) would otherwise choose only among the earliest entries, which a faster node claims in
   * its next batch (up to 512 at a time); on MariaDB, whose listed claims wait for each other's row
   * locks, it then got almost nothing.
   */
  static final int MIN_WINDOW = 1024;

  /** How many claims after a short one are spread. */
  static final int CONTENDED_CLAIMS = 16;

  private final RandomGenerator random;

  /** Written by the dispatcher thread only; volatile so that the feeder may read it. */
  private volatile int contendedFor;

  /**
   * @param random the choice of entries (a seeded generator in tests)
   */
  ClaimSpread(RandomGenerator random) {
    this.random = random;
  }

  /** How many due entries to take from the queue for a claim of {@code room} jobs. */
  int window(int room) {
    return contendedFor > 0 ? Math.max(MIN_WINDOW, Math.multiplyExact(room, WINDOW)) : room;
  }

  /**
   * Chooses {@code room} of the due entries taken from the queue; the others are returned in {@code
   * giveBack} (to be queued again). Without contention, or with no more than {@code room}, all are
   * chosen.
   *
   * @param due the entries taken, earliest first
   * @param room how many to claim
   * @param giveBack receives the entries not chosen
   * @return the entries to claim
   */
  <T> List<T> choose(List<T> due, int room, List<T> giveBack) {
    if (due.size() <= room) {
      return due;
    }
    List<T> pool = new ArrayList<>(due);
    // A partial Fisher-Yates shuffle: the first `room` places get a uniform random choice.
    for (int i = 0; i < room; i++) {
      int j = i + random.nextInt(pool.size() - i);
      T t = pool.get(j);
      pool.set(j, pool.get(i));
      pool.set(i, t);
    }
    giveBack.addAll(pool.subList(room, pool.size()));
    return new ArrayList<>(pool.subList(0, room));
  }

  /**
   * A claim ended: a short one (fewer claimed than asked) makes the next {@link #CONTENDED_CLAIMS}
   * claims spread.
   *
   * @param asked how many jobs the claim listed
   * @param claimed how many it claimed
   */
  void claimed(int asked, int claimed) {
    if (claimed < asked) {
      contendedFor = CONTENDED_CLAIMS;
    } else if (contendedFor > 0) {
      contendedFor--;
    }
  }

  /** Whether the next claim is spread. */
  boolean contended() {
    return contendedFor > 0;
  }
}
