package dev.chronos;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Filters and paging for {@link Schedules#list}: the schedules of an account (default {@code
 * default}), optionally only some statuses, newest first, page from 1, size 1–100 (default 20).
 *
 * @param account the account
 * @param statuses the statuses to list; empty means all
 * @param page the page, from 1
 * @param size the page size
 */
public record ScheduleQuery(String account, Set<ScheduleStatus> statuses, int page, int size) {
  /** Checks the paging. */
  public ScheduleQuery {
    if (account == null || account.isBlank()) {
      throw new JobValidationException("account", "must not be blank");
    }
    if (page < 1) {
      throw new JobValidationException("page", "must be 1 or more");
    }
    if (size < 1 || size > JobQuery.MAX_SIZE) {
      throw new JobValidationException("size", "must be between 1 and " + JobQuery.MAX_SIZE);
    }
    statuses =
        statuses == null || statuses.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(statuses));
  }

  /**
   * The first page of all schedules of the default account.
   *
   * @return the query
   */
  public static ScheduleQuery all() {
    return new ScheduleQuery(JobRequest.DEFAULT_ACCOUNT, Set.of(), 1, JobQuery.DEFAULT_SIZE);
  }

  /**
   * A copy listing only these statuses.
   *
   * @param statuses the statuses
   * @return the query
   */
  public ScheduleQuery withStatuses(ScheduleStatus... statuses) {
    return new ScheduleQuery(account, Set.copyOf(List.of(statuses)), page, size);
  }

  /**
   * A copy for another page.
   *
   * @param page the page, from 1
   * @param size the size, 1–100
   * @return the query
   */
  public ScheduleQuery withPage(int page, int size) {
    return new ScheduleQuery(account, statuses, page, size);
  }

  /**
   * A copy for another account.
   *
   * @param account the account
   * @return the query
   */
  public ScheduleQuery withAccount(String account) {
    return new ScheduleQuery(account, statuses, page, size);
  }

  /**
   * The number of items before this page.
   *
   * @return {@code (page − 1) × size}
   */
  public long offset() {
    return (long) (page - 1) * size;
  }
}
