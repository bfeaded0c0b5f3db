package dev.chronos;

import java.util.UUID;

/**
 * A schedule with the same key already exists in the account, so {@link Schedules#create} created
 * nothing (API code {@code schedule_key_conflict}, HTTP 409). {@link Schedules#ensure} never throws
 * it: it returns (and if needed updates) the schedule that holds the key.
 */
public final class ScheduleKeyConflictException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final String account;
  private final String key;
  private final UUID existingScheduleId;

  /**
   * Creates the exception.
   *
   * @param account the account the key is scoped to
   * @param key the key that is taken
   * @param existingScheduleId the schedule that holds it
   */
  public ScheduleKeyConflictException(String account, String key, UUID existingScheduleId) {
    super(
        "schedule_key_conflict",
        "Schedule key '"
            + key
            + "' is already held by schedule "
            + existingScheduleId
            + " in account '"
            + account
            + "'");
    this.account = account;
    this.key = key;
    this.existingScheduleId = existingScheduleId;
  }

  /**
   * Returns the account the key is scoped to.
   *
   * @return the account
   */
  public String account() {
    return account;
  }

  /**
   * Returns the key that is taken.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Returns the schedule that holds the key.
   *
   * @return its id
   */
  public UUID existingScheduleId() {
    return existingScheduleId;
  }
}
