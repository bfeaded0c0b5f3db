package dev.chronos;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Claims pull jobs for code outside the node's handler registry, such as a worker process with no
 * handlers registered, or a gateway serving the API's worker endpoints: obtained from {@link
 * Chronos#pull()}. Any number of threads, and any number of nodes on a shared store, may claim at
 * once; each job goes to one of them. Thread-safe.
 *
 * <pre>{@code
 * PullWorker worker = chronos.pull();
 * while (running) {
 *   for (ClaimedJob job : worker.claim(Set.of("send-email"), 10, Duration.ofSeconds(20))) {
 *     try {
 *       worker.complete(job, mailer.send(job.payload(FollowUp.class)));
 *     } catch (Exception e) {
 *       worker.fail(job, e.toString());
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>A claim is a lease that lasts the job's {@code timeout}: report before {@link
 * ClaimedJob#deadline()}, or {@link #extend} it. A lease that ends without a report becomes a
 * {@code TIMED_OUT} execution and the job is retried (or fails when out of retries), as for
 * in-process handlers; a report after that throws {@link LeaseExpiredException} and changes
 * nothing, since the job may already be running elsewhere. Reports are fenced by the execution id
 * in the store, so they may come from any node on the same store.
 */
public interface PullWorker {
  /** The longest a claim may wait for a job: 20 seconds, as the API's long-poll. */
  Duration MAX_WAIT = Duration.ofSeconds(20);

  /** The most jobs one claim may return: 100. */
  int MAX_CLAIM = 100;

  /**
   * Claims up to {@code max} due pull jobs of these handlers, earliest due first. When none is due
   * it waits up to {@code wait} for one to fall due (a long-poll) and returns as soon as it has
   * claimed some: the node wakes it when a matching job falls due, it does not poll. For that the
   * node must be {@link Chronos#start() started}: its feeder notices jobs submitted on other nodes
   * or processes within its {@code pollInterval} (at once with PostgreSQL notifications), and its
   * timer wakes the claim when they fall due. On a node that is not started a claim finds only what
   * is due when it looks.
   *
   * @param handlers the handler names this worker runs, at least one
   * @param max the most jobs to claim, 1 to {@value #MAX_CLAIM}
   * @param wait how long to wait when nothing is due, 0 to 20 s (real time)
   * @return the claimed jobs, empty if none fell due in time, the node closed, or the thread was
   *     interrupted (its interrupt flag is then set)
   * @throws IllegalArgumentException if an argument is out of range
   * @throws IllegalStateException if the node is closed
   * @throws StoreUnavailableException if the store cannot be reached
   */
  List<ClaimedJob> claim(Set<String> handlers, int max, Duration wait);

  /**
   * Claims as {@link #claim(Set, int, Duration)} does, only jobs of one account: for a worker
   * acting for that account (the HTTP API's worker endpoints claim in the key's account). Jobs of
   * other accounts are neither claimed nor waited for.
   *
   * @param account the account whose jobs are claimed
   * @param handlers the handler names this worker runs, at least one
   * @param max the most jobs to claim, 1 to {@value #MAX_CLAIM}
   * @param wait how long to wait when nothing is due, 0 to 20 s (real time)
   * @return the claimed jobs of that account, empty if none fell due in time, the node closed, or
   *     the thread was interrupted (its interrupt flag is then set)
   * @throws IllegalArgumentException if an argument is out of range or the account is blank
   * @throws IllegalStateException if the node is closed
   * @throws StoreUnavailableException if the store cannot be reached
   */
  List<ClaimedJob> claim(String account, Set<String> handlers, int max, Duration wait);

  /**
   * Reports that a claimed job succeeded: the job is {@code COMPLETED} with this result.
   *
   * @param job the claimed job
   * @param result the result, converted to JSON with Jackson; may be null
   * @return the completed job
   * @throws LeaseExpiredException if the lease ended or the attempt was already reported; nothing
   *     changed
   * @throws IllegalArgumentException if the result cannot be converted to JSON; nothing changed
   * @throws IllegalStateException if the node is closed
   * @throws StoreUnavailableException if the store cannot be reached
   */
  Job complete(ClaimedJob job, Object result);

  /**
   * Reports that a claimed job failed: it is retried after the backoff while retries remain, else
   * it is {@code FAILED}.
   *
   * @param job the claimed job
   * @param error what went wrong, recorded on the execution and as the job's last error
   * @return the job after the change, {@code RETRYING} or {@code FAILED}
   * @throws LeaseExpiredException if the lease ended or the attempt was already reported; nothing
   *     changed
   * @throws IllegalStateException if the node is closed
   * @throws StoreUnavailableException if the store cannot be reached
   */
  Job fail(ClaimedJob job, String error);

  /**
   * Reports that a claimed job failed, saying whether another attempt can help: a retryable failure
   * is what {@link #fail(ClaimedJob, String)} reports; a non-retryable one ends the job {@code
   * FAILED} at once, whatever retries it has left (as a handler's {@link JobFailedException} with
   * {@code retryable = false} does).
   *
   * @param job the claimed job
   * @param error what went wrong
   * @param retryable false to fail the job for good now
   * @return the job after the change
   * @throws LeaseExpiredException if the lease ended or the attempt was already reported; nothing
   *     changed
   * @throws IllegalStateException if the node is closed
   * @throws StoreUnavailableException if the store cannot be reached
   */
  Job fail(ClaimedJob job, String error, boolean retryable);

  /**
   * Moves the end of a claimed job's lease to {@code duration} from now (which may also shorten
   * it).
   *
   * @param job the claimed job
   * @param duration how long from now the lease lasts, positive, at most 7 days
   * @return the claimed job with its new {@link ClaimedJob#deadline()}
   * @throws LeaseExpiredException if the lease already ended or the attempt was reported; nothing
   *     changed
   * @throws IllegalArgumentException if the duration is out of range
   * @throws IllegalStateException if the node is closed
   * @throws StoreUnavailableException if the store cannot be reached
   */
  ClaimedJob extend(ClaimedJob job, Duration duration);

  /**
   * The id recorded as the {@code node} of the executions this worker claims.
   *
   * @return the worker id
   */
  String workerId();
}
