package dev.chronos.jdbc.internal;

import dev.chronos.Job;
import dev.chronos.Schedule;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.JobSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The store's statements on H2 ({@code dev/chronos/jdbc/sql/h2/}). H2 has neither partial indexes
 * nor {@code SKIP LOCKED}: due jobs are read per status and delivery type in the order of the
 * {@code (status, delivery_type, run_at, id)} index, so each read stops at its limit, then merged;
 * a claim is one conditional UPDATE of the candidates ({@code FINAL TABLE}), and rows another
 * transaction won are skipped by the condition. Rows are locked in id order so that transactions
 * never deadlock. Only one process opens an H2 database, so there are no other nodes to wake. The
 * steps H2 shares with MariaDB are in {@link RowBatchStatements}.
 */
final class H2Statements extends RowBatchStatements {
  private final String claimListed;
  private final String insertJobIfAbsent;
  private final String insertScheduleIfAbsent;

  H2Statements(Jdbi jdbi, Sql sql) {
    super(jdbi, sql);
    this.claimListed = sql.load("claim_listed");
    this.insertJobIfAbsent = sql.load("insert_job_if_absent");
    this.insertScheduleIfAbsent = sql.load("insert_schedule_if_absent");
  }

  /** Claims those of the jobs that are still runnable and due, in one statement. */
  @Override
  protected List<Claimed> claimListed(Handle h, Collection<UUID> ids, Instant now) {
    return h.createQuery(claimListed)
        .bindList("ids", sorted(ids))
        .bind("now", now)
        .map(CLAIMED)
        .list();
  }

  /**
   * {@code MERGE ... WHEN NOT MATCHED THEN INSERT}, then the holder read in the same transaction
   * (see {@link #untilHeld}).
   */
  @Override
  protected Held insertOrFind(Job job) {
    return untilHeld(
        () ->
            jdbi.inTransaction(
                h -> {
                  bindJob(h.createUpdate(insertJobIfAbsent), job).execute();
                  return holder(h, job).orElseThrow();
                }));
  }

  /**
   * The same MERGE and read on a caller's handle. On H2 a failed statement rolls back only itself,
   * so a MERGE that loses a race on the unique index leaves the caller's transaction usable and is
   * run again.
   */
  @Override
  protected Held insertOrFind(Handle h, Job job) {
    return untilHeld(
        () -> {
          bindJob(h.createUpdate(insertJobIfAbsent), job).execute();
          return holder(h, job).orElseThrow();
        });
  }

  /** {@code MERGE}, then the holder read in the same transaction, as for jobs. */
  @Override
  protected HeldSchedule insertScheduleOrFind(Schedule schedule) {
    return untilHeld(
        () ->
            jdbi.inTransaction(
                h -> {
                  var merge = h.createUpdate(insertScheduleIfAbsent);
                  bindSchedule(merge, schedule);
                  merge.execute();
                  Schedule holder = scheduleHolder(h, schedule).orElseThrow();
                  return new HeldSchedule(holder, holder.id().equals(schedule.id()));
                }));
  }

  /**
   * Runs a get-or-create until it finds a holder. H2 cannot return the holder from the MERGE; of
   * transactions racing on one new key, the losers fail on the unique index (and a holder purged
   * between the MERGE and the read is not found): those run again, and then find the winner.
   */
  private static <T> T untilHeld(java.util.function.Supplier<T> getOrCreate) {
    for (int round = 0; ; round++) {
      try {
        return getOrCreate.get();
      } catch (org.jdbi.v3.core.JdbiException | java.util.NoSuchElementException e) {
        if (round >= 10
            || !(e instanceof java.util.NoSuchElementException || isUniqueViolation(e))) {
          throw e;
        }
      }
    }
  }

  /**
   * Takes candidates and claims those still runnable; rows others won are skipped and the next
   * candidates are read, until {@code max} are claimed or none are left.
   */
  @Override
  protected List<Claimed> claimDueJobs(Handle h, JobSelector selector, int max, Instant now) {
    List<Claimed> claimed = new ArrayList<>();
    while (claimed.size() < max) {
      List<UUID> candidates = new ArrayList<>();
      for (DueJob due : due(h, selector, ANY_TIME, now, max - claimed.size())) {
        candidates.add(due.id());
      }
      if (candidates.isEmpty()) {
        break;
      }
      claimed.addAll(claimListed(h, candidates, now));
    }
    return claimed;
  }
}
