package dev.chronos;

import java.util.Objects;

/**
 * What {@link Chronos#submit(JobRequest, OnConflict)} did: created a job, or found the one that
 * already holds the request's idempotency key. Immutable.
 *
 * @param job the job created, or the existing job that holds the key (its current snapshot)
 * @param created true if this call stored the job; false if it returned an existing one
 */
public record Submission(Job job, boolean created) {
  /** Checks that the job is present. */
  public Submission {
    Objects.requireNonNull(job, "job");
  }
}
