package dev.chronos.spi;

import dev.chronos.Delivery;
import dev.chronos.Job;
import java.util.Objects;
import java.util.Set;

/**
 * Which runnable jobs a node can deliver: pull jobs whose handler is in {@code handlers}, and push
 * jobs when {@code push} is true.
 *
 * @param handlers handler names of pull jobs
 * @param push whether push jobs are included
 */
public record JobSelector(Set<String> handlers, boolean push) {
  /** Copies the handler names. */
  public JobSelector {
    handlers = Set.copyOf(Objects.requireNonNull(handlers, "handlers"));
  }

  /**
   * Pull jobs of these handlers only.
   *
   * @param handlers handler names
   * @return the selector
   */
  public static JobSelector handlers(Set<String> handlers) {
    return new JobSelector(handlers, false);
  }

  /**
   * Whether the selector takes this job (ignoring its status and time).
   *
   * @param job the job
   * @return true if the job's delivery and handler match
   */
  public boolean matches(Job job) {
    return job.delivery() instanceof Delivery.Push
        ? push
        : job.handler() != null && handlers.contains(job.handler());
  }

  /**
   * Whether the selector takes nothing at all.
   *
   * @return true if no handler is named and push is off
   */
  public boolean isEmpty() {
    return handlers.isEmpty() && !push;
  }
}
