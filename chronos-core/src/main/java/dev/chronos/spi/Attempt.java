package dev.chronos.spi;

import dev.chronos.Execution;
import dev.chronos.Job;
import java.util.Objects;

/**
 * A job together with one of its executions, as a store returns them after a claim or a finish.
 *
 * @param job the job after the change
 * @param execution the execution after the change
 * @param retriesLeft after a claim, how many automatic retries follow if this attempt fails: {@code
 *     maxRetries + 1 − (attempts − uncounted attempts)}, never below 0, where uncounted attempts
 *     are those given back unfinished and those before a manual retry (see {@link
 *     ExecutionOutcome}); 0 means this is the last attempt
 */
public record Attempt(Job job, Execution execution, int retriesLeft) {
  /** Checks that both parts are present and belong together. */
  public Attempt {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(execution, "execution");
    if (!job.id().equals(execution.jobId())) {
      throw new IllegalArgumentException(
          "execution " + execution.id() + " is not of job " + job.id());
    }
    retriesLeft = Math.max(0, retriesLeft);
  }

  /**
   * An attempt whose job has no uncounted attempts: {@code retriesLeft = maxRetries + 1 −
   * attempts}.
   *
   * @param job the job after the change
   * @param execution the execution after the change
   */
  public Attempt(Job job, Execution execution) {
    this(job, execution, job.maxRetries() + 1 - job.attempts());
  }

  /**
   * Whether a failure of this attempt ends the job {@code FAILED}.
   *
   * @return true when no retry is left
   */
  public boolean isLastAttempt() {
    return retriesLeft == 0;
  }
}
