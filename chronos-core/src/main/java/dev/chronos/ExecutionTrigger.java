package dev.chronos;

import java.util.Locale;

/** What started an {@link Execution}. In JSON the trigger is written in lower case. */
public enum ExecutionTrigger {
  /** The first attempt of a job submitted through the API. */
  API,
  /** The first attempt of a job spawned by a schedule. */
  SCHEDULE,
  /** A later attempt after a failure or a timeout. */
  SYSTEM_RETRY,
  /** An attempt started by hand. */
  MANUAL;

  /**
   * Returns the API's spelling ({@code api}, {@code system_retry}, ...).
   *
   * @return the lower-case name
   */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
