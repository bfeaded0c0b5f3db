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
   * @throws ScheduleKeyConflictException if the request has a key another schedule of the account
   *     holds; {@link #ensure} returns that schedule instead
   */
  Schedule create(ScheduleRequest request);

  /**
   * Creates the schedule its request declares, once: the way to declare schedules in code, called
   * at every start of every node. The request needs a {@link ScheduleRequest.Builder#key key}; the
   * schedule with that key in the account is created if there is none, left as it is if its
   * declaration (name, description, handler, cron, interval, timezone, runs, stop_at, delivery,
   * payload, timeout, retries, misfire and overlap policies) is unchanged, and updated if it
   * changed (a change of cron, interval or timezone computes the next fire from now; other changes
   * keep it). Atomic across nodes: any number of nodes ensuring one key at once leave exactly one
   * schedule, and an unchanged declaration never moves its next fire. Its status is the operator's
   * and is kept: a paused schedule is updated but stays paused; an archived or completed one is
   * returned unchanged.
   *
   * @param request the declaration, with a key
   * @return the schedule as stored after the call
   * @throws IllegalArgumentException if the request has no key
   * @throws ValidationException if {@code stop_at} is in the past and would be stored
   * @throws StoreUnavailableException if the store cannot be reached
   */
  Schedule ensure(ScheduleRequest request);

  /**
   * Looks up a schedule of the default account by its key.
   *
   * @param key the key it was created under
   * @return the schedule, or empty
   */
  Optional<Schedule> get(String key);

  /**
   * Looks up a schedule of an account by its key.
   *
   * @param account the account
   * @param key the key it was created under
   * @return the schedule, or empty
   */
  Optional<Schedule> get(String account, String key);

  /**
   * Pauses an active schedule of the default account: no fires until {@link #resume(UUID)}; its
   * pending jobs stay. Pausing a paused schedule returns it unchanged.
   *
   * @param scheduleId the schedule
   * @return the paused schedule
   * @throws ScheduleNotFoundException if there is no such schedule
   * @throws ScheduleArchivedException if it is archived
   * @throws ScheduleCompletedException if it has completed
   * @throws ScheduleConflictException if it kept changing concurrently
   */
  Schedule pause(UUID scheduleId);

  /**
   * Pauses an active schedule of an account; see {@link #pause(UUID)}.
   *
   * @param account the account
   * @param scheduleId the schedule
   * @return the paused schedule
   * @throws ScheduleNotFoundException if there is no such schedule in the account
   */
  Schedule pause(String account, UUID scheduleId);

  /**
   * Resumes a paused schedule of the default account. Its next fire is the one it was waiting for
   * when paused; fires whose time passed while it was paused are missed fires, handled by its
   * {@link MisfirePolicy} as after downtime: {@code fire_once} spawns one job now for the latest of
   * them, {@code skip} spawns none (the next fire is the first one after now), {@code fire_all}
   * spawns one per missed fire (the most recent 100). Resuming an active schedule returns it
   * unchanged.
   *
   * @param scheduleId the schedule
   * @return the resumed schedule
   * @throws ScheduleNotFoundException if there is no such schedule
   * @throws ScheduleArchivedException if it is archived
   * @throws ScheduleCompletedException if it has completed
   * @throws ScheduleConflictException if it kept changing concurrently
   */
  Schedule resume(UUID scheduleId);

  /**
   * Resumes a paused schedule of an account; see {@link #resume(UUID)}.
   *
   * @param account the account
   * @param scheduleId the schedule
   * @return the resumed schedule
   * @throws ScheduleNotFoundException if there is no such schedule in the account
   */
  Schedule resume(String account, UUID scheduleId);

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
   * @throws HandlerRequiredForPullException if the change leaves the schedule on pull delivery
   *     without a handler; nothing was changed
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

  /**
   * Runs a schedule now, outside its cadence: one job of the schedule (its handler, payload,
   * delivery, timeout and retries), due now, whose first attempt is recorded with trigger {@link
   * ExecutionTrigger#MANUAL}. The schedule itself is unchanged: its next fire, its run count (a
   * manual run does not use up {@code runs}) and its status; a paused schedule may be triggered,
   * and the overlap policy does not apply to a run asked for by hand.
   *
   * <p>The job is stored a minute ahead and then made due now by hand ({@link Chronos#runNow}), so
   * no node claims it before it is marked manual; should the node stop between the two steps, the
   * job still runs once, a minute later, as an ordinary schedule attempt.
   *
   * @param scheduleId a schedule of the default account
   * @return the job, due now
   * @throws ScheduleNotFoundException if there is no such schedule
   * @throws ScheduleArchivedException if it is archived
   * @throws ScheduleCompletedException if it is completed
   */
  Job trigger(UUID scheduleId);

  /**
   * Runs a schedule of an account now; see {@link #trigger(UUID)}.
   *
   * @param account the account
   * @param scheduleId the schedule
   * @return the job, due now
   * @throws ScheduleNotFoundException if there is no such schedule in the account
   * @throws ScheduleArchivedException if it is archived
   * @throws ScheduleCompletedException if it is completed
   */
  Job trigger(String account, UUID scheduleId);
}
