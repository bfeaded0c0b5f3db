package dev.chronos;

import java.util.Locale;

/** What started an {@link Execution}. In JSON the trigger is written in lower case. */
public enum ExecutionTrigger {
  /**
   * The first attempt of a job submitted directly, with {@link Chronos#submit} or {@link
   * Chronos#submitAll} (JSON {@code submit}). Was {@code API} (JSON {@code api}) in earlier builds,
   * a name for an API the embedded user never called; stored {@code api} values still read as this.
   */
  SUBMIT,
  /** The first attempt of a job spawned by a schedule. */
  SCHEDULE,
  /** A later attempt after a failure or a timeout. */
  SYSTEM_RETRY,
  /** An attempt started by hand. */
  MANUAL;

  /**
   * Returns the JSON spelling ({@code submit}, {@code system_retry}, ...).
   *
   * @return the lower-case name
   */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads the JSON spelling, in any case; the former {@code api} reads as {@link #SUBMIT}, so that
   * executions stored before the rename keep their meaning without a migration.
   *
   * @param json the stored or written value
   * @return the trigger
   * @throws IllegalArgumentException if it names no trigger
   */
  public static ExecutionTrigger fromJson(String json) {
    String name = json.toUpperCase(Locale.ROOT);
    return name.equals("API") ? SUBMIT : valueOf(name);
  }
}
