package dev.chronos;

import java.util.Locale;

/** The outcome of one attempt ({@link Execution}). In JSON the status is written in lower case. */
public enum ExecutionStatus {
  /** The attempt holds the job's lease and has not reported yet. */
  RUNNING,
  /** The handler returned (or the push endpoint answered 2xx). */
  COMPLETED,
  /** The handler threw, the push endpoint refused, or the attempt was released at shutdown. */
  FAILED,
  /** The attempt ran past the job's timeout or its lease ended without an answer. */
  TIMED_OUT;

  /**
   * Returns the API's spelling.
   *
   * @return the lower-case name
   */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
