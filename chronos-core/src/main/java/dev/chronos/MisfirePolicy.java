package dev.chronos;

import java.util.Locale;

/**
 * What a schedule does with fire times that passed while no node could spawn them (all nodes were
 * down, or the store was). Stored with the schedule.
 */
public enum MisfirePolicy {
  /**
   * One job for all the missed fires (for the latest missed time), then back on the cadence. A fire
   * is missed when its time passed more than a minute before a node could spawn it.
   */
  FIRE_ONCE,
  /** No job for missed fires; the next fire is the first one after now. */
  SKIP,
  /**
   * One job per missed fire: the most recent {@value #MAX_CATCH_UP} of them, oldest first; older
   * ones are skipped.
   */
  FIRE_ALL;

  /** The most missed fires {@link #FIRE_ALL} catches up. */
  public static final int MAX_CATCH_UP = 100;

  /**
   * Returns the API-style spelling ({@code fire_once}, {@code skip}, {@code fire_all}).
   *
   * @return the lower-case name
   */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
