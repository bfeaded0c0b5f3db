package dev.chronos.spi;

import dev.chronos.Execution;
import dev.chronos.Job;
import java.util.Objects;

/**
 * A job together with one of its executions, as a store returns them after a claim or a finish.
 *
 * @param job the job after the change
 * @param execution the execution after the change
 */
public record Attempt(Job job, Execution execution) {
  /** Checks that both parts are present and belong together. */
  public Attempt {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(execution, "execution");
    if (!job.id().equals(execution.jobId())) {
      throw new IllegalArgumentException(
          "execution " + execution.id() + " is not of job " + job.id());
    }
  }
}
