package dev.chronos;

/**
 * Thrown by a {@link JobHandler} to fail its attempt with a message of its own and to say whether
 * another attempt can help (API code {@code job_failed}). A non-retryable failure ({@code retryable
 * = false}: a payload that can never be processed, a permanent refusal downstream) ends the job
 * {@code failed} at once, whatever retries it has left; a retryable one is retried like any other
 * exception. Any other exception a handler throws counts as retryable.
 *
 * <pre>{@code
 * if (user == null) {
 *   throw new JobFailedException("user " + id + " does not exist", false);
 * }
 * }</pre>
 */
public class JobFailedException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * Creates the failure.
   *
   * @param message what went wrong; stored as the execution's and the job's error
   * @param retryable whether another attempt may succeed
   */
  public JobFailedException(String message, boolean retryable) {
    super("job_failed", message);
    this.retryable = retryable;
  }

  /**
   * Creates the failure with its cause.
   *
   * @param message what went wrong
   * @param retryable whether another attempt may succeed
   * @param cause the underlying failure, whose stack trace is stored with the error
   */
  public JobFailedException(String message, boolean retryable, Throwable cause) {
    super("job_failed", message, cause);
    this.retryable = retryable;
  }

  /**
   * Whether another attempt may succeed.
   *
   * @return false if the job must fail now
   */
  public boolean retryable() {
    return retryable;
  }
}
