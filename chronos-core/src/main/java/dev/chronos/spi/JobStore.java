package dev.chronos.spi;

import dev.chronos.Execution;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobNotFoundException;
import dev.chronos.JobQuery;
import dev.chronos.JobStateConflictException;
import dev.chronos.JobStatus;
import dev.chronos.NodeIdInUseException;
import dev.chronos.Page;
import dev.chronos.Schedule;
import dev.chronos.ScheduleKeyConflictException;
import dev.chronos.ScheduleQuery;
import dev.chronos.StoreRejectedException;
import dev.chronos.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Where jobs and their executions live. The engine is the only caller; applications pass a store to
 * {@link dev.chronos.ChronosBuilder#store} and otherwise use {@link dev.chronos.Chronos}.
 *
 * <p>Rules every implementation keeps (the contract suite checks them):
 *
 * <ul>
 *   <li>Thread-safe, and for shared stores safe between nodes: every method is atomic.
 *   <li>Never reads a clock: every time-dependent method takes {@code now}. Times are kept to the
 *       microsecond: callers pass instants with no finer precision.
 *   <li>Every change sets the job's {@code updatedAt} to {@code now}.
 *   <li>Idempotency keys are unique per account while the job exists; a conflicting insert stores
 *       nothing and throws {@link IdempotencyKeyConflictException} naming the existing job.
 *   <li>Only {@code PENDING}/{@code RETRYING} jobs whose {@code runAt ≤ now} can be claimed; each
 *       claim starts a {@code RUNNING} execution whose id is the lease token.
 *   <li>Every change after a claim is fenced by the execution id: an execution that is no longer
 *       running (finished, timed out, rescued) changes nothing.
 *   <li>Terminal jobs ({@code COMPLETED}, {@code FAILED}, {@code CANCELLED}) never change again.
 *   <li>A method that fails has changed nothing, and says with its exception whether trying again
 *       can help (below).
 *   <li>A handler's result is kept once, for the job and the execution that completed it: {@link
 *       #find} and {@link #executions} return it, {@link #query} leaves it out.
 * </ul>
 *
 * <p>Failures. Apart from the exceptions a method documents for its own outcomes (an idempotency
 * key taken, a job not found or in the wrong state), a store fails in one of two ways, and the
 * caller's answer follows from the class alone:
 *
 * <ul>
 *   <li>{@link StoreUnavailableException} ({@code store_unavailable}): the store could not do the
 *       work now. It cannot be reached, is overloaded (out of connections, memory or disk), a
 *       transaction conflict or a lock wait did not resolve, a statement timed out, the store is
 *       shutting down or read-only, or its schema is missing. Try again later with the same data,
 *       with backoff: a submit retried with the same idempotency key cannot create a second job.
 *       The engine's loops do this by themselves and log the outage once.
 *   <li>{@link StoreRejectedException} ({@code store_rejected}): the store answered and refused
 *       this data: a value its columns cannot hold (U+0000 in text, a value too long) or a
 *       constraint it enforces. Never retry it unchanged: it fails the same way every time. A
 *       submit must be corrected; an outcome the store refused is not worth writing again as it is.
 * </ul>
 *
 * <p>A store that cannot tell which applies throws {@link StoreUnavailableException}: a wrong
 * "rejected" gives up on work for good, a wrong "unavailable" only costs retries.
 */
public interface JobStore extends AutoCloseable {

  /**
   * Stores a new {@code PENDING} job.
   *
   * @param job the job, with {@code attempts} 0
   * @throws IdempotencyKeyConflictException if its key is taken in its account
   */
  void insert(Job job);

  /**
   * Stores new jobs atomically: all of them, or none when any key conflicts (with a stored job or
   * within the batch).
   *
   * @param jobs the jobs
   * @throws IdempotencyKeyConflictException for the first conflicting key in batch order; nothing
   *     was stored. For a key repeated inside the batch, {@code existingJobId} names the batch's
   *     earlier job with that key.
   */
  void insertAll(List<Job> jobs);

  /**
   * Stores a new {@code PENDING} job unless its idempotency key is taken, in one atomic step (on a
   * database, one statement that a caller's transaction can hold: never a caught unique violation):
   * get-or-create. Of any number of callers racing on one key, one stores its job and every other
   * gets that job back. A job without a key is always stored.
   *
   * <p>The store keeps the {@link PayloadFingerprint} of every job that has a key, so that with
   * {@code requireSamePayload} it can refuse a key reused for a different payload without reading
   * that payload back.
   *
   * @param job the job, with {@code attempts} 0
   * @param requireSamePayload whether a holder whose payload fingerprint differs from the job's is
   *     a conflict instead of a match
   * @return empty if the job was stored; else the job that holds the key (its current snapshot,
   *     with its result if it completed with one)
   * @throws IdempotencyKeyConflictException if {@code requireSamePayload} and the holder's payload
   *     differs; nothing was stored
   */
  Optional<Job> insertIfAbsent(Job job, boolean requireSamePayload);

  /**
   * Finds a job in any account, with its result if it completed with one.
   *
   * @param jobId the job
   * @return the job, or empty
   */
  Optional<Job> find(UUID jobId);

  /**
   * Finds the job that holds an idempotency key in an account, with its result if it completed with
   * one: the holder {@link #insert} and {@link #insertIfAbsent} would report. A job being inserted
   * at this moment is not found until its insert returns. Served by the key's unique index, so a
   * lookup costs one index read however many jobs there are.
   *
   * @param account the account the key is scoped to
   * @param idempotencyKey the key
   * @return the job that holds it, or empty if it is free (never held, or freed by {@link #purge})
   */
  Optional<Job> findByIdempotencyKey(String account, String idempotencyKey);

  /**
   * Lists jobs matching the query's filters, newest first ({@code createdAt} descending, then id
   * descending), one page of them, with the total count. Ids compare as unsigned 128-bit numbers,
   * which is the order of their text form and how PostgreSQL and H2 sort {@code uuid} columns (not
   * {@link UUID#compareTo}, which compares signed halves). The jobs' {@code result} is left out
   * (null), so that a page does not carry every job's result: {@link #find} and {@link #executions}
   * have it.
   *
   * <p>Paging by cursor ({@link JobQuery#afterPosition()}): the page holds the first matches
   * strictly after that position in this order, whatever the page number. Every page that has a
   * next page gives its cursor ({@link Page#nextCursor()}: {@link PageCursor#of} its last job),
   * also when paged by number. The total may be counted only up to a bound on a big table ({@link
   * Page#totalIsExact()} false, the total then a lower bound, at least the matches up to the end of
   * this page).
   *
   * @param query filters and paging
   * @return the page
   */
  Page<Job> query(JobQuery query);

  /**
   * Lists runnable ({@code PENDING}/{@code RETRYING}) jobs the selector takes whose {@code runAt ≤
   * horizon}, earliest first.
   *
   * @param selector which jobs this node can deliver
   * @param horizon the end of the look-ahead window
   * @param limit the most to return
   * @return the jobs' ids and due times
   */
  List<DueJob> findDue(JobSelector selector, Instant horizon, int limit);

  /**
   * Lists runnable jobs the selector takes whose {@code from ≤ runAt ≤ horizon}, earliest first:
   * what entered a feeder's window since its last read. A store may also return jobs due before
   * {@code from} (the default reads the whole window with {@link #findDue(JobSelector, Instant,
   * int)}), but never leaves out a runnable job in the range that an earlier one in the answer
   * precedes.
   *
   * @param selector which jobs this node can deliver
   * @param from the earliest due time wanted
   * @param horizon the end of the look-ahead window
   * @param limit the most to return
   * @return the jobs' ids and due times
   */
  default List<DueJob> findDue(JobSelector selector, Instant from, Instant horizon, int limit) {
    return findDue(selector, horizon, limit);
  }

  /**
   * Whether every change that makes a job runnable is announced to {@link #subscribe(Predicate,
   * Runnable) subscribers} once committed, with a {@link DueSignal} no later than the job's due
   * time (or a wake-up that does not say, such as after a lost connection), for jobs due within a
   * day of the change. A node's feeder then reads only what entered its window since its last read,
   * and from a signal's due time on a wake-up, instead of the whole window; other stores are read
   * whole at every poll. Asked before every read, so a store may answer false while it cannot
   * announce (a lost listener connection) and true again once it can; it must then wake its
   * subscribers with a signal that names nothing, so that they read everything once. The default is
   * false.
   *
   * @return whether wake-ups cover every job made runnable
   */
  default boolean announcesDueJobs() {
    return false;
  }

  /**
   * Claims these jobs where each is still runnable and due ({@code runAt ≤ now}); the others are
   * skipped. Each claimed job becomes {@code RUNNING} with {@code attempts + 1} and a new {@code
   * RUNNING} execution whose lease ends at {@code now + job.timeout + leaseGrace}.
   *
   * <p>The execution's {@code attempt} is the job's new {@code attempts}; its trigger is {@code
   * MANUAL} after {@link #retry} or {@link #runNow} (once: the claim clears it), else {@code
   * SUBMIT} for the first attempt of a one-off job, {@code SCHEDULE} for the first attempt of a
   * schedule's job and {@code SYSTEM_RETRY} for every later attempt; {@code startedAt} is {@code
   * now}. Each attempt carries its {@link Attempt#retriesLeft()}.
   *
   * @param jobIds the jobs to claim
   * @param node the claiming node's id, recorded on the execution
   * @param now the current time
   * @param leaseGrace extra lease time beyond the job's timeout
   * @return the claimed attempts, in no particular order
   */
  List<Attempt> claim(Collection<UUID> jobIds, String node, Instant now, Duration leaseGrace);

  /**
   * Claims up to {@code max} due jobs the selector takes, earliest {@code runAt} first, as {@link
   * #claim} does; jobs claimed concurrently by others are skipped, never returned twice.
   *
   * @param selector which jobs to claim
   * @param max the most to claim
   * @param node the claiming node's or worker's id
   * @param now the current time
   * @param leaseGrace extra lease time beyond the job's timeout
   * @return the claimed attempts, earliest due first
   */
  List<Attempt> claimDue(
      JobSelector selector, int max, String node, Instant now, Duration leaseGrace);

  /**
   * Ends a running execution and moves its job on (see {@link ExecutionOutcome}). {@code COMPLETED}
   * and {@code FAILED} outcomes (other than releases) also need the lease not to have ended yet; a
   * lease ends after its {@code leaseExpiresAt}, so at that instant itself it is still held. {@code
   * TIMED_OUT} outcomes and releases are accepted after the lease ended, as long as the execution
   * is still running. The finished execution gets {@code finishedAt = now}.
   *
   * @param outcome how the execution ended
   * @param now the current time
   * @return the job and execution after the change, or empty if the execution no longer holds the
   *     lease (nothing changed)
   */
  Optional<Attempt> finish(ExecutionOutcome outcome, Instant now);

  /**
   * Applies several outcomes as {@link #finish} would, each fenced on its own; the engine records
   * outcomes in batches through this method. All or nothing: when it throws, none was applied. The
   * default applies them one by one, which is all or nothing only for a store that cannot fail part
   * way; stores that can (a database) override it with one transaction.
   *
   * @param outcomes how the executions ended, at most one per execution
   * @param now the current time
   * @return for each outcome, in the same order, the job and execution after the change, or empty
   *     if that execution no longer held its lease
   */
  default List<Optional<Attempt>> finishAll(List<ExecutionOutcome> outcomes, Instant now) {
    List<Optional<Attempt>> results = new ArrayList<>(outcomes.size());
    for (ExecutionOutcome outcome : outcomes) {
      results.add(finish(outcome, now));
    }
    return results;
  }

  /**
   * Moves the end of a running execution's lease.
   *
   * @param executionId the execution
   * @param leaseExpiresAt the new end of the lease
   * @param now the current time; the lease must not have ended before it
   * @return the execution after the change, or empty if it no longer holds the lease
   */
  Optional<Execution> extend(UUID executionId, Instant leaseExpiresAt, Instant now);

  /**
   * Lists running executions whose lease ended before {@code now}, earliest first.
   *
   * @param now the current time
   * @param limit the most to return
   * @return the expired leases
   */
  List<ExpiredLease> findExpiredLeases(Instant now, int limit);

  /**
   * Lists running executions claimed by this node (their {@code node} is {@code node}), whatever
   * their lease, earliest started first (then by id). After an outage the engine compares them with
   * what it runs and gives back at once the claims it does not run (a claim whose commit happened
   * but whose reply was lost), instead of leaving their jobs to wait for the lease to end.
   *
   * @param node the node's or worker's id, as given to {@link #claim}
   * @param limit the most to return
   * @return the running executions
   */
  List<Execution> findRunning(String node, int limit);

  /**
   * Cancels a {@code PENDING} or {@code RETRYING} job. Its {@code runAt} stays as it was.
   *
   * @param jobId the job
   * @param now the current time
   * @return the cancelled job
   * @throws JobNotFoundException if there is no such job
   * @throws JobStateConflictException if the job is running or finished
   */
  Job cancel(UUID jobId, Instant now);

  /**
   * Runs a {@code FAILED} job again, by hand: it becomes {@code RETRYING} with {@code runAt = now},
   * and its next claim records trigger {@code MANUAL}. Every attempt it made so far stops counting
   * against {@code maxRetries}: the manual attempt and up to {@code maxRetries} automatic retries
   * may follow (the count of uncounted attempts becomes {@code attempts}). Its {@code lastError}
   * stays until the next attempt ends. Atomic: of callers racing, one changes the job and the
   * others get the conflict.
   *
   * @param jobId the job
   * @param now the current time
   * @return the job after the change
   * @throws JobNotFoundException if there is no such job
   * @throws JobStateConflictException if the job is not {@code FAILED}
   */
  Job retry(UUID jobId, Instant now);

  /**
   * Retries several jobs as {@link #retry} does, skipping those that are not {@code FAILED} or do
   * not exist. Each job changes atomically (a database store does the batch in one statement).
   *
   * @param jobIds the jobs, at most 1,000
   * @param now the current time
   * @return the jobs that were retried, in no particular order
   */
  List<Job> retryAll(Collection<UUID> jobIds, Instant now);

  /**
   * Makes a {@code PENDING} or {@code RETRYING} job due now ({@code runAt = now}); its next claim
   * records trigger {@code MANUAL}. Atomic: of callers racing, one changes the job; the others get
   * the conflict (the job is already due to run now by hand, or was claimed meanwhile).
   *
   * @param jobId the job
   * @param now the current time
   * @return the job after the change
   * @throws JobNotFoundException if there is no such job
   * @throws JobStateConflictException if the job is running or finished, or its next claim is
   *     already to record {@code MANUAL}
   */
  Job runNow(UUID jobId, Instant now);

  /**
   * Moves a {@code PENDING} or {@code RETRYING} job to {@code runAt}; its status stays, and a
   * {@code MANUAL} trigger set by {@link #runNow} or {@link #retry} is cleared: the next claim
   * records the trigger it would without them ({@code SUBMIT}, {@code SCHEDULE} or {@code
   * SYSTEM_RETRY}), and {@link #runNow} is allowed again.
   *
   * @param jobId the job
   * @param runAt the new due time, not before {@code now}
   * @param now the current time
   * @return the job after the change
   * @throws JobNotFoundException if there is no such job
   * @throws JobStateConflictException if the job is running or finished
   */
  Job reschedule(UUID jobId, Instant runAt, Instant now);

  /**
   * Cancels several jobs as {@link #cancel} does, skipping those that are not {@code PENDING} or
   * {@code RETRYING} or do not exist. Each job changes atomically (a database store does the batch
   * in one statement).
   *
   * @param jobIds the jobs, at most 1,000
   * @param now the current time
   * @return the jobs that were cancelled, in no particular order
   */
  List<Job> cancelAll(Collection<UUID> jobIds, Instant now);

  /**
   * Lists a job's executions, first attempt first.
   *
   * @param jobId the job
   * @return the executions, empty if none or no such job
   */
  List<Execution> executions(UUID jobId);

  /**
   * Deletes up to {@code limit} finished jobs of the given statuses last changed before {@code
   * before} (oldest first where the store can), with their executions, freeing their idempotency
   * keys. Jobs of schedules are deleted like any other. Bounded, so that the engine purges a large
   * backlog in many short transactions instead of one long one; call again while it returns {@code
   * limit}.
   *
   * @param statuses the statuses to delete, each terminal ({@code COMPLETED}, {@code FAILED},
   *     {@code CANCELLED}); none means nothing is deleted
   * @param before the cut-off: jobs whose {@code updatedAt} is strictly earlier
   * @param limit the most jobs to delete, 1 or more
   * @return how many jobs were deleted
   * @throws IllegalArgumentException if a status is not terminal or the limit is below 1
   */
  int purge(Set<JobStatus> statuses, Instant before, int limit);

  /**
   * Lists handler names that runnable ({@code PENDING}/{@code RETRYING}) pull jobs due at or before
   * {@code dueBefore} wait for, from the earliest {@code limit} such jobs (earliest due first),
   * leaving out the {@code excluded} names. Jobs of excluded handlers count towards the limit, so
   * the cost is bounded however large a backlog is.
   *
   * @param dueBefore jobs due at or before it count as waiting
   * @param excluded handler names not to report (served ones, already reported ones)
   * @param limit the most jobs to read
   * @return each handler once, with the earliest {@code runAt} read for it
   */
  List<WaitingHandler> waitingHandlers(Instant dueBefore, Set<String> excluded, int limit);

  // ---- node registry and maintenance leases -----------------------------------------------------

  /**
   * Registers a starting node under its id, unless another live node holds it: a row with the same
   * id whose heartbeat is younger than {@code timeout} at {@code node.heartbeatAt()}. A row of a
   * node that closed (unregistered) or whose heartbeat expired is replaced. Atomic: of nodes
   * registering one id at once, one wins.
   *
   * @param node the node, with {@code startedAt} and {@code heartbeatAt} both the current time
   * @param timeout how long a heartbeat keeps a node live
   * @throws NodeIdInUseException if a live node holds the id; nothing changed
   */
  void registerNode(RegisteredNode node, Duration timeout);

  /**
   * Records that a registered node is alive, with the handlers its pull workers asked for.
   *
   * @param nodeId the node
   * @param registrationId the registration it made at start
   * @param pulledHandlers the handlers pull workers asked this node to claim recently
   * @param now the current time
   * @return false if that registration is gone (the node was unregistered, or its heartbeat expired
   *     and another node took the id); nothing changed
   */
  boolean heartbeat(String nodeId, UUID registrationId, Set<String> pulledHandlers, Instant now);

  /**
   * Lists the live nodes: those whose last heartbeat is younger than {@code timeout} at {@code
   * now}, by node id.
   *
   * @param now the current time
   * @param timeout how long a heartbeat keeps a node live
   * @return the live nodes
   */
  List<RegisteredNode> liveNodes(Instant now, Duration timeout);

  /**
   * Removes a node's registration at close, freeing its id at once. A registration that was already
   * replaced by another node's is left alone.
   *
   * @param nodeId the node
   * @param registrationId the registration it made at start
   */
  void unregisterNode(String nodeId, UUID registrationId);

  /**
   * Removes the rows of nodes not heard from since before {@code heartbeatBefore} (nodes that died
   * without closing).
   *
   * @param heartbeatBefore the cut-off
   * @return how many rows were removed
   */
  int removeDeadNodes(Instant heartbeatBefore);

  /**
   * Takes or renews a named store-wide lease (for work that one node at a time should do, such as
   * purging): the holder gets it if nobody holds it, if its previous holder's lease ended before
   * {@code now}, or if it already holds it. Atomic: of nodes asking at once, one gets it.
   *
   * @param name the lease, for example {@code purge}
   * @param holder the asking node's id
   * @param now the current time
   * @param duration how long the lease lasts from {@code now}
   * @return true if {@code holder} holds the lease until {@code now + duration}
   */
  boolean acquireLease(String name, String holder, Instant now, Duration duration);

  /**
   * Gives a lease back, so another node can take it at once; does nothing if {@code holder} does
   * not hold it.
   *
   * @param name the lease
   * @param holder the node that holds it
   */
  void releaseLease(String name, String holder);

  // ---- schedules --------------------------------------------------------------------------------

  /**
   * Stores a new schedule.
   *
   * @param schedule the schedule, {@code ACTIVE}, version 0
   * @throws ScheduleKeyConflictException if it has a key that another schedule of its account
   *     holds; nothing was stored
   */
  void insertSchedule(Schedule schedule);

  /**
   * Stores a new schedule with a key unless its account already has a schedule with that key, in
   * one atomic step: of any number of callers racing on one key, one stores its schedule and every
   * other gets that one back. Keys are unique per account for as long as the schedule exists,
   * whatever its status.
   *
   * @param schedule the schedule, with a key, version 0
   * @return empty if it was stored; else the schedule that holds the key
   * @throws IllegalArgumentException if the schedule has no key
   */
  Optional<Schedule> insertScheduleIfAbsent(Schedule schedule);

  /**
   * Finds a schedule by its key.
   *
   * @param account the account
   * @param key the key
   * @return the schedule, or empty
   */
  Optional<Schedule> findScheduleByKey(String account, String key);

  /**
   * Finds a schedule in any account.
   *
   * @param scheduleId the schedule
   * @return the schedule, or empty
   */
  Optional<Schedule> findSchedule(UUID scheduleId);

  /**
   * Lists schedules of the query's account and statuses, newest first ({@code createdAt}
   * descending, then id descending as for jobs), one page with the total.
   *
   * @param query filters and paging
   * @return the page
   */
  Page<Schedule> querySchedules(ScheduleQuery query);

  /**
   * Replaces a schedule if its version is still {@code expectedVersion} (optimistic concurrency).
   *
   * @param next the new state, with {@code version = expectedVersion + 1}
   * @param expectedVersion the version the caller read
   * @return false if the schedule changed meanwhile (nothing was written)
   */
  boolean replaceSchedule(Schedule next, long expectedVersion);

  /**
   * Applies one fire atomically: if the schedule's version is still the expected one, stores the
   * spawned jobs and the schedule's next state; otherwise, or if a spawned job's key is already
   * taken, changes nothing.
   *
   * @param fire the fire
   * @return true if the fire was applied
   */
  boolean fire(ScheduleFire fire);

  /**
   * Lists {@code ACTIVE} schedules whose {@code nextRunAt ≤ horizon}, earliest first ({@code
   * PAUSED} ones are left out).
   *
   * @param horizon the end of the look-ahead window
   * @param limit the most to return
   * @return the schedules' ids and next fire times
   */
  List<DueJob> findDueSchedules(Instant horizon, int limit);

  /**
   * Whether the schedule has a job that is pending, retrying or running.
   *
   * @param scheduleId the schedule
   * @return true if some job of it is unfinished
   */
  boolean hasUnfinishedJob(UUID scheduleId);

  /**
   * Cancels every {@code PENDING} or {@code RETRYING} job of a schedule.
   *
   * @param scheduleId the schedule
   * @param now the current time
   * @return the cancelled jobs
   */
  List<Job> cancelScheduleJobs(UUID scheduleId, Instant now);

  /**
   * Asks to be told when another node may have made jobs due (for example PostgreSQL LISTEN/NOTIFY
   * after a submit), so the engine can look at once instead of at its next poll. Stores that cannot
   * tell never call back; that is the default. Callbacks come from a store thread and must return
   * quickly.
   *
   * @param callback what to run when new due work may exist
   * @return closing it stops the callbacks
   */
  default AutoCloseable subscribe(Runnable callback) {
    return () -> {};
  }

  /**
   * Like {@link #subscribe(Runnable)}, for a subscriber that wants only some wake-ups: a store
   * whose wake-ups say what became due (the JDBC store on PostgreSQL) calls back only when {@code
   * wanted} accepts one of them, and for every wake-up that does not say (from an older node, for a
   * batch of many kinds of job, or after a lost connection). The default ignores the filter. {@code
   * wanted} runs on the store's thread and must be quick; if it throws, the callback runs. A store
   * shows {@code wanted} every signal of a wake-up before it calls back, and calls back for a
   * wake-up that does not say only after the filter's last answer: a callback that follows no
   * accepted signal means that anything may have become due.
   *
   * @param wanted which signals are for the subscriber
   * @param callback what to run when new due work for it may exist
   * @return closing it stops the callbacks
   */
  default AutoCloseable subscribe(Predicate<DueSignal> wanted, Runnable callback) {
    return subscribe(callback);
  }

  /**
   * Names the store in logs, for example {@code postgresql://db/app}.
   *
   * @return a short description
   */
  default String describe() {
    return getClass().getSimpleName();
  }

  /** Releases resources the store owns (pools, files). Stores given in by the caller stay open. */
  @Override
  default void close() {}
}
