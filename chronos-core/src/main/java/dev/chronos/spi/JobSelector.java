package dev.chronos.spi;

import dev.chronos.Delivery;
import dev.chronos.Job;
import java.util.Objects;
import java.util.Set;

/**
 * Which runnable jobs a node can deliver: pull jobs whose handler is in {@code handlers}, and push
 * jobs when {@code push} is true; of one account only when {@code account} is set (a pull worker
 * acting for one account, such as the HTTP API's worker endpoints), else of every account.
 *
 * @param handlers handler names of pull jobs
 * @param push whether push jobs are included
 * @param account the only account whose jobs are taken, or null for every account
 */
public record JobSelector(Set<String> handlers, boolean push, String account) {
  /** Copies the handler names. */
  public JobSelector {
    handlers = Set.copyOf(Objects.requireNonNull(handlers, "handlers"));
  }

  /**
   * Jobs of every account.
   *
   * @param handlers handler names of pull jobs
   * @param push whether push jobs are included
   */
  public JobSelector(Set<String> handlers, boolean push) {
    this(handlers, push, null);
  }

  /**
   * Pull jobs of these handlers only, of every account.
   *
   * @param handlers handler names
   * @return the selector
   */
  public static JobSelector handlers(Set<String> handlers) {
    return new JobSelector(handlers, false);
  }

  /**
   * The same selector, taking jobs of one account only.
   *
   * @param account the account, or null for every account
   * @return the selector
   */
  public JobSelector forAccount(String account) {
    return new JobSelector(handlers, push, account);
  }

  /**
   * Whether the selector takes this job (ignoring its status and time).
   *
   * @param job the job
   * @return true if the job's delivery, handler and account match
   */
  public boolean matches(Job job) {
    if (account != null && !account.equals(job.account())) {
      return false;
    }
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
