package dev.chronos;

import java.util.Locale;

/** Whether a schedule's fire may spawn a job while the previous job it spawned is unfinished. */
public enum OverlapPolicy {
  /** Always spawn (the default): jobs of one schedule may run at the same time. */
  ALLOW,
  /** Skip the fire while the schedule's previous job is still pending, retrying or running. */
  SKIP;

  /**
   * Returns the API-style spelling.
   *
   * @return the lower-case name
   */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
