package dev.chronos;

import java.util.Locale;

/**
 * Where a job is in its lifecycle. {@code PENDING → RUNNING → COMPLETED}; after a failed attempt
 * with retries left {@code RUNNING → RETRYING → RUNNING}; out of retries {@code FAILED}; {@code
 * PENDING} and {@code RETRYING} jobs can be {@code CANCELLED}. {@link #isTerminal() Terminal}
 * statuses never change again. In JSON the status is written in lower case.
 */
public enum JobStatus {
  /** Waiting for its first attempt. */
  PENDING,
  /** An attempt is running under a lease. */
  RUNNING,
  /** An attempt failed; the next one waits for its backoff to pass. */
  RETRYING,
  /** An attempt succeeded. Terminal. */
  COMPLETED,
  /** The last allowed attempt failed, or the failure was not retryable. Terminal. */
  FAILED,
  /** Cancelled before it ran. Terminal. */
  CANCELLED;

  /**
   * Whether the job can never change again.
   *
   * @return true for {@code COMPLETED}, {@code FAILED} and {@code CANCELLED}
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /**
   * Whether the job waits to be claimed for its next attempt.
   *
   * @return true for {@code PENDING} and {@code RETRYING}
   */
  public boolean isRunnable() {
    return this == PENDING || this == RETRYING;
  }

  /**
   * Returns the API's spelling ({@code pending}, {@code retrying}, ...).
   *
   * @return the lower-case name
   */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the API's spelling, case-insensitively.
   *
   * @param value for example {@code completed}
   * @return the status
   * @throws IllegalArgumentException if the value names no status
   */
  public static JobStatus fromJson(String value) {
    for (JobStatus s : values()) {
      if (s.name().equalsIgnoreCase(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown job status '" + value + "'");
  }
}
