package dev.chronos;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One Chronos node: accepts jobs, keeps them in its {@link dev.chronos.spi.JobStore store}, and
 * delivers them when they fall due: pull jobs whose handlers are registered here run in-process,
 * push jobs are sent over HTTP (unless {@link ChronosBuilder#pushConcurrency push delivery is
 * off}), and external workers claim pull jobs through {@link #pull()}. Build with {@link
 * #builder()}, then {@link #start()}; {@link #close()} stops it gracefully. Thread-safe: submit
 * from any thread.
 *
 * <pre>{@code
 * try (Chronos chronos = Chronos.builder()
 *     .store(new InMemoryJobStore())
 *     .handler("send-email", ctx -> mailer.send(ctx.payload(FollowUp.class)))
 *     .build()
 *     .start()) {
 *   chronos.submit(JobRequest.builder()
 *       .name("Send follow-up")
 *       .handler("send-email")
 *       .delay(2, DelayUnit.HOUR)
 *       .payload(Map.of("userId", "usr_123"))
 *       .idempotencyKey("follow-up-usr_123")
 *       .build());
 * }
 * }</pre>
 *
 * <p>Lookups ({@link #job}, {@link #cancel}, {@link #executions}) without an account use the
 * default account; a job of another account is reported as not found.
 */
public interface Chronos extends AutoCloseable {

  /**
   * Starts configuring a node.
   *
   * @return a new builder
   */
  static ChronosBuilder builder() {
    return new ChronosBuilder();
  }

  /**
   * Starts the node's threads: due jobs of this node's handlers begin to run. Jobs may be submitted
   * before; they wait until then. First registers the node in the store's node registry under its
   * {@link #nodeId() id}; while it runs it heartbeats from its rescuer loop, and {@link #close()}
   * frees the id.
   *
   * @return this node
   * @throws NodeIdInUseException if another live node holds this node's id in the store (the node
   *     stays unstarted and may be started again once the id is free)
   * @throws StoreUnavailableException if the store cannot be reached to register the node (the node
   *     stays unstarted)
   * @throws IllegalStateException if already started or closed
   */
  Chronos start();

  /**
   * Accepts a job. It runs as soon as possible, after its delay, or at its {@code scheduledFor}; a
   * job whose handler is registered on this node and that falls due soon is queued here at once,
   * without waiting for the next poll.
   *
   * @param request what to run and when
   * @return the stored job, {@code PENDING}
   * @throws JobValidationException if {@code scheduled_for} is in the past, or the push URL is
   *     refused by this node's {@link dev.chronos.push.PushAddressPolicy address policy} (field
   *     {@code delivery.http.url}); other fields were checked when the request was built. Nothing
   *     is stored
   * @throws IdempotencyKeyConflictException if the key is held by another job in the account
   * @throws StoreUnavailableException if the store cannot be reached; nothing is stored
   * @throws IllegalStateException if the node is closed
   */
  Job submit(JobRequest request);

  /**
   * Accepts a job, or finds the job that already holds its idempotency key: get-or-create in one
   * atomic step of the store (on PostgreSQL one {@code INSERT ... ON CONFLICT ... RETURNING}), so N
   * callers racing on one key get one job, created by one of them and returned to all. A request
   * without a key is always created.
   *
   * @param request what to run and when
   * @param onConflict what to do when the key is held: {@link OnConflict#FAIL} throws as {@link
   *     #submit(JobRequest)} does, {@link OnConflict#RETURN_EXISTING} returns the holder, {@link
   *     OnConflict#RETURN_EXISTING_IF_SAME_PAYLOAD} returns it only if its payload is the same
   * @return the job and whether this call created it
   * @throws JobValidationException as for {@link #submit(JobRequest)}; nothing is stored
   * @throws IdempotencyKeyConflictException with {@code FAIL}, or with {@code
   *     RETURN_EXISTING_IF_SAME_PAYLOAD} when the holder's payload differs
   * @throws StoreUnavailableException if the store cannot be reached; nothing is stored
   * @throws IllegalStateException if the node is closed
   */
  Submission submit(JobRequest request, OnConflict onConflict);

  /**
   * Accepts a job in the caller's transaction: the job row is written with {@code connection}, so
   * it exists if and only if the caller's transaction commits. Chronos never commits, rolls back,
   * closes, or changes the auto-commit, isolation or read-only setting of the connection. The job
   * is not run before the commit: this node and other nodes are woken when it commits (on
   * PostgreSQL by a NOTIFY sent in the transaction; on H2 this node looks for the committed job
   * every 10 ms for up to one poll interval), so a job due now starts soon after the commit. A
   * rolled-back transaction leaves no job. With auto-commit on, the write commits at once and this
   * behaves as {@link #submit(JobRequest)}.
   *
   * <p>On PostgreSQL the write is one statement that cannot abort the caller's transaction: a key
   * held by another job is found from the statement's result ({@code INSERT ... ON CONFLICT ...
   * RETURNING}), not from a caught unique violation, so the caller may catch {@link
   * IdempotencyKeyConflictException} and go on in the same transaction.
   *
   * @param connection the caller's open connection, in the transaction the job belongs to
   * @param request what to run and when
   * @return the job as written, {@code PENDING} (visible to others once the caller commits)
   * @throws JobValidationException as for {@link #submit(JobRequest)}; nothing is written
   * @throws IdempotencyKeyConflictException if the key is held by another job in the account, as
   *     this transaction sees it; nothing is written and the transaction can go on
   * @throws IllegalStateException if the connection is closed or read-only, or its transaction has
   *     already failed (PostgreSQL's aborted state); nothing is written
   * @throws UnsupportedOperationException if this node's store cannot write in a caller's
   *     transaction (the memory store, or a store that does not implement {@link
   *     dev.chronos.spi.TransactionalJobStore})
   * @throws StoreUnavailableException if the database failed the statement
   * @throws IllegalStateException if the node is closed
   */
  Job submit(java.sql.Connection connection, JobRequest request);

  /**
   * Get-or-create in the caller's transaction: as {@link #submit(java.sql.Connection, JobRequest)},
   * with a held key answered as {@link #submit(JobRequest, OnConflict)} does. The holder is the job
   * this transaction sees (on PostgreSQL, a holder committed by another transaction meanwhile is
   * found too, and locked until the caller's transaction ends).
   *
   * @param connection the caller's open connection, in its transaction
   * @param request what to run and when
   * @param onConflict what to do when the key is held
   * @return the job and whether this call wrote it
   * @throws JobValidationException as for {@link #submit(JobRequest)}; nothing is written
   * @throws IdempotencyKeyConflictException with {@code FAIL}, or with {@code
   *     RETURN_EXISTING_IF_SAME_PAYLOAD} when the holder's payload differs
   * @throws IllegalStateException if the connection cannot take the write, or the node is closed
   * @throws UnsupportedOperationException if this node's store cannot write in a caller's
   *     transaction
   * @throws StoreUnavailableException if the database failed the statement
   */
  Submission submit(java.sql.Connection connection, JobRequest request, OnConflict onConflict);

  /**
   * Accepts several jobs atomically: all of them, or none if any is invalid or any idempotency key
   * conflicts. Errors name the request by index ({@code [2].scheduled_for}).
   *
   * @param requests the jobs to submit
   * @return the stored jobs, in request order
   * @throws JobValidationException listing every invalid field of every request
   * @throws IdempotencyKeyConflictException for the first conflicting key; nothing is stored
   * @throws StoreUnavailableException if the store cannot be reached; nothing is stored
   */
  List<Job> submitAll(List<JobRequest> requests);

  /**
   * Looks up a job of the default account.
   *
   * @param jobId the job
   * @return the job's current snapshot, or empty
   */
  Optional<Job> job(UUID jobId);

  /**
   * Looks up a job of an account.
   *
   * @param account the account
   * @param jobId the job
   * @return the job's current snapshot, or empty if there is none in that account
   */
  Optional<Job> job(String account, UUID jobId);

  /**
   * Lists jobs. The jobs of a page leave their {@code result} out (null), so that a page does not
   * carry every job's result; {@link #job} and {@link #executions} have it.
   *
   * @param query filters and paging
   * @return one page of jobs, newest first
   */
  Page<Job> jobs(JobQuery query);

  /**
   * Cancels a {@code PENDING} or {@code RETRYING} job of the default account.
   *
   * @param jobId the job
   * @return the cancelled job
   * @throws JobNotFoundException if there is no such job in the account
   * @throws JobStateConflictException if it is running or already finished
   */
  Job cancel(UUID jobId);

  /**
   * Cancels a {@code PENDING} or {@code RETRYING} job of an account.
   *
   * @param account the account
   * @param jobId the job
   * @return the cancelled job
   * @throws JobNotFoundException if there is no such job in the account
   * @throws JobStateConflictException if it is running or already finished
   */
  Job cancel(String account, UUID jobId);

  /**
   * Runs a {@code FAILED} job of the default account again: it becomes {@code RETRYING}, due now,
   * and its next attempt is recorded with trigger {@link ExecutionTrigger#MANUAL}. The retry budget
   * starts again: the manual attempt and up to {@code max_retries} automatic retries after it.
   *
   * @param jobId the job
   * @return the job after the change
   * @throws JobNotFoundException if there is no such job in the account
   * @throws JobStateConflictException if it has not failed (pending, running, completed,
   *     cancelled), or another caller retried it first
   * @throws StoreUnavailableException if the store cannot be reached; nothing changed
   * @throws IllegalStateException if the node is closed
   */
  Job retry(UUID jobId);

  /**
   * Runs a {@code FAILED} job of an account again; see {@link #retry(UUID)}.
   *
   * @param account the account
   * @param jobId the job
   * @return the job after the change
   * @throws JobNotFoundException if there is no such job in the account
   * @throws JobStateConflictException if it has not failed, or another caller retried it first
   */
  Job retry(String account, UUID jobId);

  /**
   * Makes a {@code PENDING} or {@code RETRYING} job of the default account due now; its next
   * attempt is recorded with trigger {@link ExecutionTrigger#MANUAL}. Uses no retry.
   *
   * @param jobId the job
   * @return the job after the change
   * @throws JobNotFoundException if there is no such job in the account
   * @throws JobStateConflictException if it is running or finished, or is already due to run now by
   *     hand (another caller got there first)
   * @throws StoreUnavailableException if the store cannot be reached; nothing changed
   * @throws IllegalStateException if the node is closed
   */
  Job runNow(UUID jobId);

  /**
   * Makes a {@code PENDING} or {@code RETRYING} job of an account due now; see {@link
   * #runNow(UUID)}.
   *
   * @param account the account
   * @param jobId the job
   * @return the job after the change
   * @throws JobNotFoundException if there is no such job in the account
   * @throws JobStateConflictException if it is running or finished, or already due to run now
   */
  Job runNow(String account, UUID jobId);

  /**
   * Moves a {@code PENDING} or {@code RETRYING} job of the default account to another time; its
   * status and the trigger of its next attempt stay as they were.
   *
   * @param jobId the job
   * @param runAt when it should run: now or later (kept to the microsecond)
   * @return the job after the change
   * @throws JobNotFoundException if there is no such job in the account
   * @throws JobStateConflictException if it is running or finished
   * @throws JobValidationException if {@code runAt} is in the past (field {@code scheduled_for})
   * @throws StoreUnavailableException if the store cannot be reached; nothing changed
   * @throws IllegalStateException if the node is closed
   */
  Job reschedule(UUID jobId, Instant runAt);

  /**
   * Moves a {@code PENDING} or {@code RETRYING} job of an account to another time; see {@link
   * #reschedule(UUID, Instant)}.
   *
   * @param account the account
   * @param jobId the job
   * @param runAt when it should run
   * @return the job after the change
   * @throws JobNotFoundException if there is no such job in the account
   * @throws JobStateConflictException if it is running or finished
   * @throws JobValidationException if {@code runAt} is in the past
   */
  Job reschedule(String account, UUID jobId, Instant runAt);

  /**
   * Retries, as {@link #retry(String, UUID)} does, every {@code FAILED} job the query's filters
   * match (its account, schedule, handler; of its statuses only {@code failed} counts, and a query
   * naming other statuses only retries nothing). Paging is ignored: every match is retried, in
   * batches of {@value JobQuery#MAX_SIZE}, each one atomic step of the store. Jobs retried by
   * someone else meanwhile are skipped, not counted.
   *
   * @param query the filters
   * @return how many jobs this call retried
   * @throws StoreUnavailableException if the store cannot be reached; the batches before stay done
   * @throws IllegalStateException if the node is closed
   */
  long retryAll(JobQuery query);

  /**
   * Cancels, as {@link #cancel(String, UUID)} does, every {@code PENDING} or {@code RETRYING} job
   * the query's filters match (statuses as for {@link #retryAll}: only those two count). Paging is
   * ignored; batches of {@value JobQuery#MAX_SIZE}, each atomic. Jobs claimed or cancelled by
   * someone else meanwhile are skipped, not counted.
   *
   * @param query the filters
   * @return how many jobs this call cancelled
   * @throws StoreUnavailableException if the store cannot be reached; the batches before stay done
   * @throws IllegalStateException if the node is closed
   */
  long cancelAll(JobQuery query);

  /**
   * Stops this node claiming jobs of a handler, for incident response: neither its in-process
   * handler nor pull workers of this node ({@link #pull()}) start new attempts of the handler's
   * jobs until {@link #resume(String)}. The store is not touched: the jobs stay pending (other
   * nodes may still run them), and attempts this node had already claimed go on; a queued job
   * claimed just as the pause begins is given back unstarted, without using a retry. Not kept
   * across restarts.
   *
   * @param handler the handler name
   * @throws IllegalArgumentException if the name is not a valid handler name
   */
  void pause(String handler);

  /**
   * Lets this node claim a paused handler's jobs again; does nothing if it was not paused.
   *
   * @param handler the handler name
   */
  void resume(String handler);

  /**
   * The handlers paused on this node.
   *
   * @return their names
   */
  Set<String> pausedHandlers();

  /**
   * Lists a job's attempts, first attempt first.
   *
   * @param jobId a job of the default account
   * @return the executions
   * @throws JobNotFoundException if there is no such job in the account
   */
  List<Execution> executions(UUID jobId);

  /**
   * Lists a job's attempts, first attempt first.
   *
   * @param account the account
   * @param jobId the job
   * @return the executions
   * @throws JobNotFoundException if there is no such job in the account
   */
  List<Execution> executions(String account, UUID jobId);

  /**
   * The recurring schedules kept in this node's store.
   *
   * @return the schedules API
   */
  Schedules schedules();

  /**
   * The pull side of this node, for workers outside its handler registry: claim due pull jobs, then
   * report on them. Executions record this node's id as their {@code node}.
   *
   * @return a pull worker; cheap, thread-safe, and may be shared
   * @throws IllegalStateException if the node is closed
   */
  PullWorker pull();

  /**
   * The pull side of this node, under a worker id recorded as the {@code node} of the executions it
   * claims.
   *
   * @param workerId 1–255 characters, for example {@code "image-worker-3"}
   * @return a pull worker
   * @throws IllegalArgumentException if the id is blank or too long
   * @throws IllegalStateException if the node is closed
   */
  PullWorker pull(String workerId);

  /**
   * This node's id, recorded on every execution it runs (host, process id and a random suffix
   * unless set with {@link ChronosBuilder#nodeId}).
   *
   * @return the node id
   */
  String nodeId();

  /**
   * Deletes every finished ({@code completed}, {@code failed}, {@code cancelled}) job, of every
   * account, last changed before {@code before}, with its executions, now, on the calling thread,
   * in batches of 1,000 (one short transaction each). This frees their idempotency keys: a job
   * submitted later with the same key is a new job. Pending, retrying and running jobs are never
   * deleted. The node also purges by itself as {@link ChronosBuilder#retention} says; this is for
   * one-off clean-ups.
   *
   * @param before the cut-off: jobs whose last change is strictly earlier are deleted
   * @return how many jobs were deleted
   * @throws StoreUnavailableException if the store cannot be reached; the batches deleted before
   *     stay deleted
   * @throws IllegalStateException if the node is closed
   */
  long purge(Instant before);

  /**
   * A snapshot of this node's engine (queues, slots, stuck threads, unrecorded outcomes, listener
   * queue, lag), read from memory without asking the store; cheap enough to call every second.
   *
   * @return the snapshot
   */
  ChronosStats stats();

  /**
   * Stops gracefully: stops claiming, lets running handlers finish for up to the {@link
   * ChronosBuilder#shutdownTimeout shutdown timeout}, then interrupts them and gives their jobs
   * back so another node can run them at once. Closes the store. Idempotent.
   */
  @Override
  void close();
}
