package dev.chronos.http;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The attempts claimed over HTTP, by execution id: {@link InMemoryWorkerClaims} for one server,
 * {@link JdbcWorkerClaims} in the job store's database so a report may reach any server. Entries
 * stay after a report (a second report is then told the lease has ended) until {@link #prune}.
 * Thread-safe.
 */
public interface WorkerClaims {
  /**
   * Remembers claimed attempts.
   *
   * @param claims the attempts
   */
  void record(List<WorkerClaim> claims);

  /**
   * Finds a claimed attempt.
   *
   * @param executionId the execution id a worker reports on
   * @return the claim, or empty if it was not claimed over HTTP or was pruned
   */
  Optional<WorkerClaim> find(UUID executionId);

  /**
   * Records a lease's new end after an extension.
   *
   * @param executionId the attempt
   * @param deadline the new end
   */
  void extend(UUID executionId, Instant deadline);

  /**
   * Forgets claims whose lease ended before a time.
   *
   * @param before the cut-off
   * @return how many were forgotten
   */
  int prune(Instant before);
}
