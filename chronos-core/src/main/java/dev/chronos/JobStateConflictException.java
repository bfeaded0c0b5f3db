package dev.chronos;

import java.util.UUID;

/**
 * The job's status does not allow the operation, for example cancelling a job that is already
 * running or finished, retrying a job that has not failed, or losing a race with another node doing
 * the same operation (API code {@code conflict}, HTTP 409). Nothing was changed.
 */
public final class JobStateConflictException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final UUID jobId;
  private final JobStatus status;

  /**
   * Creates the exception.
   *
   * @param jobId the job
   * @param status the job's current status
   * @param operation what was attempted, for example {@code cancel}
   */
  public JobStateConflictException(UUID jobId, JobStatus status, String operation) {
    super(
        "conflict",
        "Cannot " + operation + " job " + jobId + ": it is " + status.name().toLowerCase());
    this.jobId = jobId;
    this.status = status;
  }

  /**
   * Creates the exception with the reason the status alone does not give.
   *
   * @param jobId the job
   * @param status the job's current status
   * @param operation what was attempted, for example {@code run now}
   * @param reason why it was refused, for example {@code it is already due to run now}
   */
  public JobStateConflictException(UUID jobId, JobStatus status, String operation, String reason) {
    super("conflict", "Cannot " + operation + " job " + jobId + ": " + reason);
    this.jobId = jobId;
    this.status = status;
  }

  /**
   * Returns the job's id.
   *
   * @return the job id
   */
  public UUID jobId() {
    return jobId;
  }

  /**
   * Returns the status that prevented the operation.
   *
   * @return the job's status when the operation was attempted
   */
  public JobStatus status() {
    return status;
  }
}
