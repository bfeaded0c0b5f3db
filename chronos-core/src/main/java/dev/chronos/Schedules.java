package dev.chronos;

import java.util.Optional;
import java.util.UUID;

/**
 * Recurring schedules of a node's store, from {@link Chronos#schedules()}. Each fire of an active
 * schedule spawns exactly one job (with {@code schedule_id} and {@code scheduled_for} = the nominal
 * fire time), even with many nodes racing: the store's unique key on (schedule, fire time) decides,
 * not a leader. Lookups without an account use the default account. Thread-safe.
 */
public interface Schedules {
  /**
   * Creates an active schedule.
   *
   * @param request the schedule
   * @return the stored schedule, with its first {@code nextRunAt}
   * @throws ValidationException if {@code stop_at} is not in the future
   */
  Schedule create(ScheduleRequest request);

  /**
   * Looks up a schedule of the default account.
   *
   * @param scheduleId the schedule
   * @return the schedule, or empty
   */
  Optional<Schedule> get(UUID scheduleId);

  /**
   * Looks up a schedule of an account.
   *
   * @param account the account
   * @param scheduleId the schedule
   * @return the schedule, or empty if there is none in that account
   */
  Optional<Schedule> get(String account, UUID scheduleId);

  /**
   * Lists schedules, newest first.
   *
   * @param query filters and paging
   * @return one page
   */
  Page<Schedule> list(ScheduleQuery query);

  /**
   * Changes the fields given (PATCH), with optimistic concurrency. A change of cron, interval or
   * timezone computes the next fire time again from now.
   *
   * @param scheduleId a schedule of the default account
   * @param update the change
   * @return the changed schedule
   * @throws ScheduleNotFoundException if there is no such schedule
   * @throws ScheduleArchivedException if it is archived
   * @throws ScheduleCompletedException if it has completed
   * @throws ScheduleConflictException if it changed concurrently; nothing was changed
   * @throws ValidationException if the changed schedule breaks a rule
   */
  Schedule update(UUID scheduleId, ScheduleUpdate update);

  /**
   * Changes the fields given of a schedule of an account; see {@link #update(UUID,
   * ScheduleUpdate)}.
   *
   * @param account the account
   * @param scheduleId the schedule
   * @param update the change
   * @return the changed schedule
   * @throws ScheduleNotFoundException if there is no such schedule in the account
   */
  Schedule update(String account, UUID scheduleId, ScheduleUpdate update);

  /**
   * Archives a schedule: it spawns nothing more and its pending jobs are cancelled.
   *
   * @param scheduleId a schedule of the default account
   * @return the archived schedule
   * @throws ScheduleNotFoundException if there is no such schedule
   * @throws ScheduleArchivedException if it is already archived
   */
  Schedule archive(UUID scheduleId);

  /**
   * Archives a schedule of an account; see {@link #archive(UUID)}.
   *
   * @param account the account
   * @param scheduleId the schedule
   * @return the archived schedule
   * @throws ScheduleNotFoundException if there is no such schedule in the account
   */
  Schedule archive(String account, UUID scheduleId);
}
