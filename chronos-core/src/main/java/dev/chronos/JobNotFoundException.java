package dev.chronos;

import java.util.UUID;

/**
 * No job with this id exists in the account (API code {@code job_not_found}). A job of another
 * account is reported the same way.
 */
public final class JobNotFoundException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final UUID jobId;

  /**
   * Creates the exception.
   *
   * @param jobId the id that was looked up
   */
  public JobNotFoundException(UUID jobId) {
    super("job_not_found", "Job " + jobId + " not found");
    this.jobId = jobId;
  }

  /**
   * Returns the id that was looked up.
   *
   * @return the job id
   */
  public UUID jobId() {
    return jobId;
  }
}
