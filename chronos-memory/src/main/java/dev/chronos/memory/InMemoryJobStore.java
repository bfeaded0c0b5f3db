package dev.chronos.memory;

import dev.chronos.Delivery;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.ExecutionTrigger;
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
import dev.chronos.ScheduleStatus;
import dev.chronos.StoreUnavailableException;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.ExpiredLease;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.PageCursor;
import dev.chronos.spi.PayloadFingerprint;
import dev.chronos.spi.RegisteredNode;
import dev.chronos.spi.ScheduleFire;
import dev.chronos.spi.WaitingHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link JobStore} kept in the heap: for tests, and for single-process use where jobs need not
 * survive a restart. Nothing is shared between processes.
 *
 * <p>Thread-safe: any number of threads may call any method at once. Each method is atomic for the
 * jobs it changes; scans ({@link #query}, {@link #findDue}, {@link #findExpiredLeases}, {@link
 * #purge}) see each job in a consistent state but are not a snapshot of the whole store. {@link
 * #insertAll} is all-or-nothing, but while a batch is being published other threads may see some of
 * its jobs a moment before the rest.
 *
 * <p>Payloads and results are kept as JSON text and returned as fresh trees on every read: the same
 * JSON, not necessarily the same node classes (a {@code LongNode} holding 5 comes back as an {@code
 * IntNode}, as it would from a database). Times are kept exactly as given.
 */
public final class InMemoryJobStore implements JobStore {
  /*
   * Design.
   *
   * State. One JobSlot per job (jobs: id -> slot). A slot's monitor guards everything about that
   * job: its state (an immutable Job snapshot, replaced on every change), its executions, its count
   * of released attempts. There is no store-wide lock; two threads only contend when they touch the
   * same job.
   *
   * Indexes, all concurrent collections that are changed only while holding the monitor of the
   * slot they point to, so they agree with the slot whenever that monitor is free:
   *   keys     (account, idempotency key) -> slot, claimed with putIfAbsent;
   *   duePull, duePush  runnable (PENDING/RETRYING) jobs of each delivery type ordered by
   *            (runAt, id): findDue, claimDue (a lane's feeder reads only its own type);
   *   leases   running executions ordered by (leaseExpiresAt, execution id): findExpiredLeases;
   *   running  execution id -> slot for running executions only: fenced finish and extend;
   *   finished terminal jobs ordered by (updatedAt, id): purge, oldest first.
   * Readers walk an index without locks (the collections are weakly consistent), then lock the
   * slot and check again before changing anything, so a stale entry is skipped, never acted on.
   *
   * Insert. A batch first reserves every job's id (jobs.putIfAbsent) and key (keys.putIfAbsent)
   * with unpublished slots, whose state is null and which every reader treats as absent. If a key
   * is held by a published job the batch rolls back its reservations and throws the conflict. If it
   * is held by another insert still in flight, the batch rolls back, waits for that insert's latch
   * and starts again: a conflict is only ever reported against a job that exists, and no thread
   * waits while holding a reservation, so two batches cannot deadlock. Once everything is
   * reserved the batch publishes each slot (state set and due entry added under the slot's
   * monitor) and counts its latch down.
   *
   * Lock order. A thread holds at most one slot monitor at a time and never waits for an insert
   * latch while holding one. Index operations are non-blocking.
   *
   * Memory. A pending job costs its slot, its Job snapshot (with the payload as UTF-8 bytes), one
   * map entry, one due entry and, with a key, one key entry. The executions list is created at the
   * first claim; running and lease entries exist only while an attempt runs.
   */

  private final ConcurrentHashMap<UUID, JobSlot> jobs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UUID, Schedule> schedules = new ConcurrentHashMap<>();

  /** (account, schedule key) -> schedule id; changed only under its own monitor. */
  private final ConcurrentHashMap<IdempotencyKey, UUID> scheduleKeys = new ConcurrentHashMap<>();

  private final ConcurrentHashMap<IdempotencyKey, JobSlot> keys = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<DueEntry> duePull =
      new ConcurrentSkipListSet<>(DueEntry.ORDER);
  private final ConcurrentSkipListSet<DueEntry> duePush =
      new ConcurrentSkipListSet<>(DueEntry.ORDER);
  private final ConcurrentSkipListSet<LeaseEntry> leases =
      new ConcurrentSkipListSet<>(LeaseEntry.ORDER);
  private final ConcurrentHashMap<UUID, JobSlot> running = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<FinishedEntry> finished =
      new ConcurrentSkipListSet<>(FinishedEntry.ORDER);

  /** The node registry: node id -> its row; every change is a compute() on the entry. */
  private final ConcurrentHashMap<String, RegisteredNode> nodes = new ConcurrentHashMap<>();

  /** Store-wide leases: name -> holder and end; every change is a compute() on the entry. */
  private final ConcurrentHashMap<String, Lease> storeLeases = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryJobStore() {}

  // --- insert -----------------------------------------------------------------------------------

  /**
   * Stores a new {@code PENDING} job.
   *
   * @param job the job, with {@code attempts} 0
   * @throws IdempotencyKeyConflictException if its key is taken in its account
   * @throws IllegalArgumentException if the job is not {@code PENDING} with no attempts, or its id
   *     is already stored
   */
  @Override
  public void insert(Job job) {
    insertAll(List.of(job));
  }

  /**
   * Stores new jobs atomically: all of them, or none when any key conflicts (with a stored job or
   * within the batch).
   *
   * @param batch the jobs
   * @throws IdempotencyKeyConflictException for the first conflicting key in batch order; nothing
   *     was stored
   * @throws IllegalArgumentException if a job is not {@code PENDING} with no attempts, or an id is
   *     already stored or repeated; nothing was stored
   * @throws StoreUnavailableException if the thread is interrupted while it waits for a concurrent
   *     insert holding one of the keys; nothing was stored and the interrupt flag is set again
   */
  @Override
  public void insertAll(List<Job> batch) {
    for (Job job : batch) {
      Objects.requireNonNull(job, "job");
      if (job.status() != JobStatus.PENDING || job.attempts() != 0) {
        throw new IllegalArgumentException(
            "job "
                + job.id()
                + " is not new: it is "
                + job.status()
                + " with "
                + job.attempts()
                + " attempts");
      }
    }
    while (true) {
      CountDownLatch latch = new CountDownLatch(1);
      List<JobSlot> slots = new ArrayList<>(batch.size());
      JobSlot inFlight = reserve(batch, latch, slots);
      if (inFlight == null) {
        publish(batch, slots, latch);
        return;
      }
      try {
        inFlight.awaitInsert();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException(
            "interrupted while waiting for a concurrent insert; nothing was stored", e);
      }
    }
  }

  /**
   * Reserves ids and keys of the batch with unpublished slots, in batch order.
   *
   * @return null when everything is reserved, or the slot of another insert in flight that holds
   *     one of the keys (the reservations were rolled back)
   * @throws IdempotencyKeyConflictException if a published job or an earlier job of the batch holds
   *     a key (the reservations were rolled back)
   */
  private JobSlot reserve(List<Job> batch, CountDownLatch latch, List<JobSlot> slots) {
    for (Job job : batch) {
      JobSlot slot = new JobSlot(job, latch);
      if (jobs.putIfAbsent(job.id(), slot) != null) {
        rollBack(batch, slots, latch);
        throw new IllegalArgumentException("job " + job.id() + " is already stored");
      }
      slots.add(slot);
      IdempotencyKey key = IdempotencyKey.of(job);
      if (key == null) {
        continue;
      }
      JobSlot holder = keys.putIfAbsent(key, slot);
      if (holder == null) {
        continue;
      }
      boolean sameBatch = holder.isInsertedBy(latch);
      boolean published = holder.state() != null;
      rollBack(batch, slots, latch);
      if (sameBatch || published) {
        throw new IdempotencyKeyConflictException(key.account(), key.key(), holder.id);
      }
      return holder;
    }
    return null;
  }

  /** Undoes the reservations of the first {@code slots.size()} jobs of the batch. */
  private void rollBack(List<Job> batch, List<JobSlot> slots, CountDownLatch latch) {
    for (int i = 0; i < slots.size(); i++) {
      JobSlot slot = slots.get(i);
      IdempotencyKey key = IdempotencyKey.of(batch.get(i));
      if (key != null) {
        keys.remove(key, slot);
      }
      jobs.remove(slot.id, slot);
    }
    latch.countDown();
  }

  private void publish(List<Job> batch, List<JobSlot> slots, CountDownLatch latch) {
    for (int i = 0; i < slots.size(); i++) {
      JobSlot slot = slots.get(i);
      Job job = batch.get(i);
      synchronized (slot) {
        slot.publish(job);
        due(job).add(new DueEntry(job.runAt(), slot));
      }
    }
    latch.countDown();
    for (JobSlot slot : slots) {
      slot.settle();
    }
  }

  // --- reads ------------------------------------------------------------------------------------

  /**
   * Finds a job in any account.
   *
   * @param jobId the job
   * @return the job, or empty
   */
  @Override
  public Optional<Job> find(UUID jobId) {
    JobSlot slot = jobs.get(jobId);
    if (slot == null) {
      return Optional.empty();
    }
    Job state = slot.state();
    return state == null ? Optional.empty() : Optional.of(slot.toJob(state));
  }

  /**
   * Finds the holder of a key through the key index; a job whose insert is still in flight (its
   * slot not yet published) is not found. See {@link JobStore#findByIdempotencyKey}.
   *
   * @param account the account
   * @param idempotencyKey the key
   * @return the holder, or empty
   */
  @Override
  public Optional<Job> findByIdempotencyKey(String account, String idempotencyKey) {
    JobSlot slot = keys.get(new IdempotencyKey(account, idempotencyKey));
    if (slot == null) {
      return Optional.empty();
    }
    Job state = slot.state();
    return state == null ? Optional.empty() : Optional.of(slot.toJob(state));
  }

  /**
   * Lists jobs matching the query's filters, newest first ({@code createdAt} descending, then id
   * descending as unsigned numbers), one page of them, with the total count, results left out (see
   * {@link JobStore#query}). Scans every job.
   *
   * @param query filters and paging
   * @return the page
   */
  @Override
  public Page<Job> query(JobQuery query) {
    List<Match> matches = new ArrayList<>();
    for (JobSlot slot : jobs.values()) {
      Job state = slot.state();
      if (state != null && query.matches(state)) {
        matches.add(new Match(state, slot));
      }
    }
    matches.sort(Match.NEWEST_FIRST);
    long from = Math.min(query.offset(), matches.size());
    Optional<PageCursor> after = query.afterPosition();
    if (after.isPresent()) {
      // Keyset paging: the page starts at the first job after the cursor's position.
      from = 0;
      while (from < matches.size() && !after.get().precedes(matches.get((int) from).state())) {
        from++;
      }
    }
    long to = Math.min(from + query.size(), matches.size());
    List<Job> items = new ArrayList<>((int) (to - from));
    for (Match m : matches.subList((int) from, (int) to)) {
      items.add(m.slot().toListedJob(m.state()));
    }
    Optional<String> next =
        to < matches.size() && !items.isEmpty()
            ? Optional.of(PageCursor.of(items.get(items.size() - 1)).encode())
            : Optional.empty();
    return new Page<>(items, query.page(), query.size(), matches.size(), true, next);
  }

  /** A job found by a query, with the state it matched in. */
  private record Match(Job state, JobSlot slot) {
    static final Comparator<Match> NEWEST_FIRST =
        Comparator.comparing((Match m) -> m.state().createdAt())
            .thenComparing(m -> m.state().id(), Ids.UNSIGNED)
            .reversed();
  }

  /**
   * Lists runnable jobs the selector takes whose {@code runAt ≤ horizon}, earliest first.
   *
   * @param selector which jobs this node can deliver
   * @param horizon the end of the look-ahead window
   * @param limit the most to return
   * @return the jobs' ids and due times
   */
  @Override
  public List<DueJob> findDue(JobSelector selector, Instant horizon, int limit) {
    List<DueJob> found = new ArrayList<>();
    for (DueEntry entry : candidates(selector, horizon, limit)) {
      found.add(new DueJob(entry.slot().id, entry.runAt()));
    }
    return found;
  }

  /** The due index of a job's delivery type. */
  private ConcurrentSkipListSet<DueEntry> due(Job job) {
    return job.delivery() instanceof Delivery.Push ? duePush : duePull;
  }

  /**
   * Up to {@code limit} runnable jobs the selector takes with {@code runAt ≤ horizon}, earliest
   * first, read from the due index of each delivery type the selector takes.
   */
  private List<DueEntry> candidates(JobSelector selector, Instant horizon, int limit) {
    List<DueEntry> found = new ArrayList<>();
    if (limit <= 0 || selector.isEmpty()) {
      return found;
    }
    boolean pull = !selector.handlers().isEmpty();
    if (pull) {
      collect(duePull, selector, horizon, limit, found);
    }
    if (selector.push()) {
      collect(duePush, selector, horizon, limit, found);
    }
    if (pull && selector.push()) {
      found.sort(DueEntry.ORDER);
      return found.size() > limit ? new ArrayList<>(found.subList(0, limit)) : found;
    }
    return found;
  }

  private static void collect(
      ConcurrentSkipListSet<DueEntry> index,
      JobSelector selector,
      Instant horizon,
      int limit,
      List<DueEntry> into) {
    int taken = 0;
    for (DueEntry entry : index) {
      if (entry.runAt().isAfter(horizon)) {
        return;
      }
      Job state = entry.slot().state();
      if (state != null
          && state.status().isRunnable()
          && state.runAt().equals(entry.runAt())
          && selector.matches(state)) {
        into.add(entry);
        if (++taken == limit) {
          return;
        }
      }
    }
  }

  // --- claims -----------------------------------------------------------------------------------

  /**
   * Claims these jobs where each is still runnable and due; the others are skipped.
   *
   * @param jobIds the jobs to claim
   * @param node the claiming node's id, recorded on the execution
   * @param now the current time
   * @param leaseGrace extra lease time beyond the job's timeout
   * @return the claimed attempts, in the order of {@code jobIds}
   */
  @Override
  public List<Attempt> claim(
      Collection<UUID> jobIds, String node, Instant now, Duration leaseGrace) {
    List<Attempt> claimed = new ArrayList<>();
    for (UUID id : jobIds) {
      JobSlot slot = jobs.get(id);
      if (slot != null) {
        Attempt attempt = claim(slot, node, now, leaseGrace);
        if (attempt != null) {
          claimed.add(attempt);
        }
      }
    }
    return claimed;
  }

  /**
   * Claims up to {@code max} due jobs the selector takes, earliest {@code runAt} first.
   *
   * @param selector which jobs to claim
   * @param max the most to claim
   * @param node the claiming node's or worker's id
   * @param now the current time
   * @param leaseGrace extra lease time beyond the job's timeout
   * @return the claimed attempts, earliest due first
   */
  @Override
  public List<Attempt> claimDue(
      JobSelector selector, int max, String node, Instant now, Duration leaseGrace) {
    List<Attempt> claimed = new ArrayList<>();
    // Candidates are read again while some of them were claimed by others meanwhile.
    while (claimed.size() < max) {
      List<DueEntry> candidates = candidates(selector, now, max - claimed.size());
      if (candidates.isEmpty()) {
        break;
      }
      for (DueEntry entry : candidates) {
        Attempt attempt = claim(entry.slot(), node, now, leaseGrace);
        if (attempt != null) {
          claimed.add(attempt);
        }
      }
    }
    return claimed;
  }

  private Attempt claim(JobSlot slot, String node, Instant now, Duration leaseGrace) {
    Job claimed;
    Execution execution;
    int retriesLeft;
    synchronized (slot) {
      Job state = slot.state();
      if (state == null || !state.status().isRunnable() || state.runAt().isAfter(now)) {
        return null;
      }
      int attempt = state.attempts() + 1;
      ExecutionTrigger trigger =
          slot.nextTrigger() != null
              ? slot.nextTrigger()
              : attempt > 1
                  ? ExecutionTrigger.SYSTEM_RETRY
                  : state.isOneOff() ? ExecutionTrigger.SUBMIT : ExecutionTrigger.SCHEDULE;
      slot.setNextTrigger(null);
      retriesLeft = state.maxRetries() + 1 - (attempt - slot.released());
      execution =
          new Execution(
              Ids.newExecutionId(),
              state.id(),
              attempt,
              trigger,
              ExecutionStatus.RUNNING,
              now,
              null,
              now.plus(state.timeout()).plus(leaseGrace),
              null,
              null,
              node,
              null);
      claimed =
          JobSlot.change(state, JobStatus.RUNNING, state.runAt(), attempt, now, state.lastError());
      due(state).remove(new DueEntry(state.runAt(), slot));
      slot.start(claimed, execution);
      running.put(execution.id(), slot);
      leases.add(new LeaseEntry(execution.leaseExpiresAt(), execution.id(), slot));
    }
    return new Attempt(slot.toJob(claimed), execution, retriesLeft);
  }

  // --- fenced changes ---------------------------------------------------------------------------

  /**
   * Ends a running execution and moves its job on (see {@link ExecutionOutcome}).
   *
   * @param outcome how the execution ended
   * @param now the current time
   * @return the job and execution after the change, or empty if the execution no longer holds the
   *     lease (nothing changed)
   */
  @Override
  public Optional<Attempt> finish(ExecutionOutcome outcome, Instant now) {
    JobSlot slot = running.get(outcome.executionId());
    if (slot == null) {
      return Optional.empty();
    }
    Job after;
    Execution done;
    synchronized (slot) {
      Execution current = slot.running();
      if (current == null || !current.id().equals(outcome.executionId())) {
        return Optional.empty();
      }
      boolean leaseEnded = now.isAfter(current.leaseExpiresAt());
      if (leaseEnded && !outcome.acceptedAfterLeaseEnded()) {
        return Optional.empty();
      }
      Job state = slot.state();
      done =
          new Execution(
              current.id(),
              current.jobId(),
              current.attempt(),
              current.trigger(),
              outcome.status(),
              current.startedAt(),
              now,
              current.leaseExpiresAt(),
              outcome.error(),
              null,
              current.node(),
              outcome.httpStatus());
      JobStatus next =
          outcome.jobStatusAfter(state.attempts(), slot.released(), state.maxRetries());
      if (outcome.released()) {
        slot.countRelease();
      }
      after =
          switch (next) {
            case COMPLETED -> {
              slot.setResult(outcome.result());
              yield JobSlot.change(
                  state, next, state.runAt(), state.attempts(), now, state.lastError());
            }
            case RETRYING ->
                JobSlot.change(
                    state, next, outcome.retryAt(), state.attempts(), now, outcome.error());
            default ->
                JobSlot.change(state, next, state.runAt(), state.attempts(), now, outcome.error());
          };
      slot.replaceRunning(done);
      slot.setState(after);
      running.remove(current.id());
      leases.remove(new LeaseEntry(current.leaseExpiresAt(), current.id(), slot));
      if (after.status().isRunnable()) {
        due(after).add(new DueEntry(after.runAt(), slot));
      } else if (after.status().isTerminal()) {
        finished.add(new FinishedEntry(after.updatedAt(), slot));
      }
    }
    return Optional.of(new Attempt(slot.toJob(after), slot.toExecution(done)));
  }

  /**
   * Moves the end of a running execution's lease.
   *
   * @param executionId the execution
   * @param leaseExpiresAt the new end of the lease
   * @param now the current time; the lease must not have ended before it
   * @return the execution after the change, or empty if it no longer holds the lease
   */
  @Override
  public Optional<Execution> extend(UUID executionId, Instant leaseExpiresAt, Instant now) {
    Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    JobSlot slot = running.get(executionId);
    if (slot == null) {
      return Optional.empty();
    }
    synchronized (slot) {
      Execution current = slot.running();
      if (current == null
          || !current.id().equals(executionId)
          || now.isAfter(current.leaseExpiresAt())) {
        return Optional.empty();
      }
      Execution extended =
          new Execution(
              current.id(),
              current.jobId(),
              current.attempt(),
              current.trigger(),
              current.status(),
              current.startedAt(),
              current.finishedAt(),
              leaseExpiresAt,
              current.error(),
              current.result(),
              current.node(),
              current.httpStatus());
      slot.replaceRunning(extended);
      leases.remove(new LeaseEntry(current.leaseExpiresAt(), current.id(), slot));
      leases.add(new LeaseEntry(leaseExpiresAt, current.id(), slot));
      return Optional.of(extended);
    }
  }

  /**
   * Lists running executions whose lease ended before {@code now}, earliest first.
   *
   * @param now the current time
   * @param limit the most to return
   * @return the expired leases
   */
  @Override
  public List<ExpiredLease> findExpiredLeases(Instant now, int limit) {
    List<ExpiredLease> expired = new ArrayList<>();
    if (limit <= 0) {
      return expired;
    }
    for (LeaseEntry entry : leases) {
      if (!entry.leaseExpiresAt().isBefore(now)) {
        break;
      }
      JobSlot slot = entry.slot();
      synchronized (slot) {
        Execution current = slot.running();
        if (current != null
            && current.id().equals(entry.executionId())
            && current.leaseExpiresAt().equals(entry.leaseExpiresAt())) {
          expired.add(
              new ExpiredLease(
                  current.id(), current.jobId(), current.attempt(), current.leaseExpiresAt()));
        }
      }
      if (expired.size() == limit) {
        break;
      }
    }
    return expired;
  }

  /** Scans the running executions (there are as many as attempts in flight, not jobs). */
  @Override
  public List<Execution> findRunning(String node, int limit) {
    Objects.requireNonNull(node, "node");
    List<Execution> found = new ArrayList<>();
    for (JobSlot slot : new java.util.HashSet<>(running.values())) {
      synchronized (slot) {
        Execution current = slot.running();
        if (current != null && node.equals(current.node())) {
          found.add(current);
        }
      }
    }
    found.sort(java.util.Comparator.comparing(Execution::startedAt).thenComparing(Execution::id));
    return found.size() > limit ? List.copyOf(found.subList(0, Math.max(0, limit))) : found;
  }

  // --- cancel, executions, purge ----------------------------------------------------------------

  /**
   * Cancels a {@code PENDING} or {@code RETRYING} job; its {@code runAt} stays as it was.
   *
   * @param jobId the job
   * @param now the current time
   * @return the cancelled job
   * @throws JobNotFoundException if there is no such job
   * @throws JobStateConflictException if the job is running or finished
   */
  @Override
  public Job cancel(UUID jobId, Instant now) {
    JobSlot slot = jobs.get(jobId);
    if (slot == null) {
      throw new JobNotFoundException(jobId);
    }
    Job cancelled;
    synchronized (slot) {
      Job state = slot.state();
      if (state == null) {
        throw new JobNotFoundException(jobId);
      }
      if (!state.status().isRunnable()) {
        throw new JobStateConflictException(jobId, state.status(), "cancel");
      }
      cancelled =
          JobSlot.change(
              state, JobStatus.CANCELLED, state.runAt(), state.attempts(), now, state.lastError());
      due(state).remove(new DueEntry(state.runAt(), slot));
      slot.setState(cancelled);
      finished.add(new FinishedEntry(cancelled.updatedAt(), slot));
    }
    return slot.toJob(cancelled);
  }

  /**
   * Stores the job unless its key is taken; see {@link JobStore#insertIfAbsent}. The key index
   * decides, as for {@link #insert}: a conflict is only reported against a published job, which is
   * then read under its own lock.
   *
   * @param job the job
   * @param requireSamePayload whether a holder with another payload fingerprint is a conflict
   * @return empty if stored, else the holder
   */
  @Override
  public Optional<Job> insertIfAbsent(Job job, boolean requireSamePayload) {
    while (true) {
      try {
        insertAll(List.of(job));
        return Optional.empty();
      } catch (IdempotencyKeyConflictException e) {
        JobSlot holder = jobs.get(e.existingJobId());
        if (holder == null) {
          continue; // purged since: the key is free again
        }
        Job state;
        synchronized (holder) {
          state = holder.state();
        }
        if (state == null) {
          continue;
        }
        if (requireSamePayload
            && !PayloadFingerprint.of(job.payload()).equals(holder.fingerprint)) {
          throw e;
        }
        return Optional.of(holder.toJob(state));
      }
    }
  }

  /**
   * Runs a failed job again by hand; see {@link JobStore#retry}.
   *
   * @param jobId the job
   * @param now the current time
   * @return the job after the change
   */
  @Override
  public Job retry(UUID jobId, Instant now) {
    JobSlot slot = slotOf(jobId);
    Job retried;
    synchronized (slot) {
      Job state = published(slot, jobId);
      if (state.status() != JobStatus.FAILED) {
        throw new JobStateConflictException(jobId, state.status(), "retry");
      }
      retried =
          JobSlot.change(state, JobStatus.RETRYING, now, state.attempts(), now, state.lastError());
      finished.remove(new FinishedEntry(state.updatedAt(), slot));
      slot.uncountAll(state.attempts());
      slot.setNextTrigger(ExecutionTrigger.MANUAL);
      slot.setState(retried);
      due(retried).add(new DueEntry(now, slot));
    }
    return slot.toJob(retried);
  }

  /** Retries each job on its own lock; skips those that are not failed or not stored. */
  @Override
  public List<Job> retryAll(Collection<UUID> jobIds, Instant now) {
    List<Job> done = new ArrayList<>();
    for (UUID id : jobIds) {
      try {
        done.add(retry(id, now));
      } catch (JobNotFoundException | JobStateConflictException e) {
        // changed or purged meanwhile: skipped
      }
    }
    return done;
  }

  /**
   * Makes a pending or retrying job due now, by hand; see {@link JobStore#runNow}.
   *
   * @param jobId the job
   * @param now the current time
   * @return the job after the change
   */
  @Override
  public Job runNow(UUID jobId, Instant now) {
    JobSlot slot = slotOf(jobId);
    Job due;
    synchronized (slot) {
      Job state = published(slot, jobId);
      if (!state.status().isRunnable()) {
        throw new JobStateConflictException(jobId, state.status(), "run now");
      }
      if (slot.nextTrigger() == ExecutionTrigger.MANUAL) {
        throw new JobStateConflictException(
            jobId, state.status(), "run now", "it is already due to run now by hand");
      }
      due = move(slot, state, now, now);
      slot.setNextTrigger(ExecutionTrigger.MANUAL);
    }
    return slot.toJob(due);
  }

  /**
   * Moves a pending or retrying job to another time; see {@link JobStore#reschedule}.
   *
   * @param jobId the job
   * @param runAt the new due time
   * @param now the current time
   * @return the job after the change
   */
  @Override
  public Job reschedule(UUID jobId, Instant runAt, Instant now) {
    Objects.requireNonNull(runAt, "runAt");
    JobSlot slot = slotOf(jobId);
    Job moved;
    synchronized (slot) {
      Job state = published(slot, jobId);
      if (!state.status().isRunnable()) {
        throw new JobStateConflictException(jobId, state.status(), "reschedule");
      }
      moved = move(slot, state, runAt, now);
      // An attempt at the new time is not one by hand: an earlier run now or retry no longer holds.
      slot.setNextTrigger(null);
    }
    return slot.toJob(moved);
  }

  /** A runnable job's new due time, in its state and its due index. Caller holds the slot. */
  private Job move(JobSlot slot, Job state, Instant runAt, Instant now) {
    Job moved =
        JobSlot.change(state, state.status(), runAt, state.attempts(), now, state.lastError());
    due(state).remove(new DueEntry(state.runAt(), slot));
    slot.setState(moved);
    due(moved).add(new DueEntry(runAt, slot));
    return moved;
  }

  /** Cancels each job on its own lock; skips those that are not runnable or not stored. */
  @Override
  public List<Job> cancelAll(Collection<UUID> jobIds, Instant now) {
    List<Job> done = new ArrayList<>();
    for (UUID id : jobIds) {
      try {
        done.add(cancel(id, now));
      } catch (JobNotFoundException | JobStateConflictException e) {
        // changed or purged meanwhile: skipped
      }
    }
    return done;
  }

  private JobSlot slotOf(UUID jobId) {
    JobSlot slot = jobs.get(Objects.requireNonNull(jobId, "jobId"));
    if (slot == null) {
      throw new JobNotFoundException(jobId);
    }
    return slot;
  }

  /** The slot's published state; an insert still in flight is not there yet. */
  private static Job published(JobSlot slot, UUID jobId) {
    Job state = slot.state();
    if (state == null) {
      throw new JobNotFoundException(jobId);
    }
    return state;
  }

  /**
   * Lists a job's executions, first attempt first.
   *
   * @param jobId the job
   * @return the executions, empty if none or no such job
   */
  @Override
  public List<Execution> executions(UUID jobId) {
    JobSlot slot = jobs.get(jobId);
    if (slot == null) {
      return List.of();
    }
    List<Execution> states;
    synchronized (slot) {
      states = slot.executionStates();
    }
    List<Execution> executions = new ArrayList<>(states.size());
    for (Execution e : states) {
      executions.add(slot.toExecution(e));
    }
    return executions;
  }

  /**
   * Deletes up to {@code limit} finished jobs of these statuses last changed before {@code before},
   * oldest first, with their executions, freeing their idempotency keys. Reads the index of
   * finished jobs in order, so a purge costs the jobs it looks at, not the whole store.
   *
   * @param statuses terminal statuses
   * @param before the cut-off
   * @param limit the most jobs to delete
   * @return how many jobs were deleted
   */
  @Override
  public int purge(Set<JobStatus> statuses, Instant before, int limit) {
    checkPurge(statuses, limit);
    int purged = 0;
    for (FinishedEntry entry : finished) {
      if (purged >= limit || !entry.updatedAt().isBefore(before)) {
        break;
      }
      JobSlot slot = entry.slot();
      // Under the slot's lock: a failed job can still be retried by hand.
      synchronized (slot) {
        Job state = slot.state();
        if (state == null
            || !state.status().isTerminal()
            || !state.updatedAt().equals(entry.updatedAt())) {
          finished.remove(entry); // stale: the job was retried since
          continue;
        }
        if (!statuses.contains(state.status())) {
          continue;
        }
        IdempotencyKey key = IdempotencyKey.of(state);
        // Key first: a new job may take the key while the old one is still findable, but a
        // conflict never names a job that is already gone.
        if (key != null) {
          keys.remove(key, slot);
        }
        finished.remove(entry);
        if (jobs.remove(slot.id, slot)) {
          purged++;
        }
      }
    }
    return purged;
  }

  /** Refuses statuses that are not terminal and limits below 1. */
  private static void checkPurge(Set<JobStatus> statuses, int limit) {
    for (JobStatus status : statuses) {
      if (!status.isTerminal()) {
        throw new IllegalArgumentException(
            "only finished jobs can be purged, not " + status.json());
      }
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
    }
  }

  /**
   * Lists handler names runnable pull jobs due by {@code dueBefore} wait for, reading the due index
   * earliest first, at most {@code limit} jobs (those of excluded handlers included).
   *
   * @param dueBefore jobs due at or before it count
   * @param excluded names to leave out
   * @param limit the most jobs to read
   * @return each handler once, with its earliest {@code runAt} read
   */
  @Override
  public List<WaitingHandler> waitingHandlers(Instant dueBefore, Set<String> excluded, int limit) {
    Map<String, Instant> oldest = new LinkedHashMap<>();
    int read = 0;
    for (DueEntry entry : duePull) {
      if (read >= limit || entry.runAt().isAfter(dueBefore)) {
        break;
      }
      Job state = entry.slot().state();
      if (state == null || !state.status().isRunnable() || !state.runAt().equals(entry.runAt())) {
        continue;
      }
      read++;
      if (state.handler() != null && !excluded.contains(state.handler())) {
        oldest.putIfAbsent(state.handler(), entry.runAt());
      }
    }
    List<WaitingHandler> waiting = new ArrayList<>(oldest.size());
    oldest.forEach((handler, runAt) -> waiting.add(new WaitingHandler(handler, runAt)));
    return waiting;
  }

  // --- node registry and leases -----------------------------------------------------------------

  @Override
  public void registerNode(RegisteredNode node, Duration timeout) {
    RegisteredNode[] holder = {null};
    nodes.compute(
        node.nodeId(),
        (id, current) -> {
          if (current != null && current.isLive(node.heartbeatAt(), timeout)) {
            holder[0] = current;
            return current;
          }
          return node;
        });
    if (holder[0] != null) {
      throw new NodeIdInUseException(
          node.nodeId(), describe(), holder[0].startedAt(), holder[0].heartbeatAt(), timeout);
    }
  }

  @Override
  public boolean heartbeat(
      String nodeId, UUID registrationId, Set<String> pulledHandlers, Instant now) {
    boolean[] beat = {false};
    nodes.computeIfPresent(
        nodeId,
        (id, current) -> {
          if (!current.registrationId().equals(registrationId)) {
            return current;
          }
          beat[0] = true;
          return current.heartbeat(now, pulledHandlers);
        });
    return beat[0];
  }

  @Override
  public List<RegisteredNode> liveNodes(Instant now, Duration timeout) {
    return nodes.values().stream()
        .filter(n -> n.isLive(now, timeout))
        .sorted(Comparator.comparing(RegisteredNode::nodeId))
        .toList();
  }

  @Override
  public void unregisterNode(String nodeId, UUID registrationId) {
    nodes.computeIfPresent(
        nodeId, (id, current) -> current.registrationId().equals(registrationId) ? null : current);
  }

  @Override
  public int removeDeadNodes(Instant heartbeatBefore) {
    int removed = 0;
    for (RegisteredNode node : nodes.values()) {
      if (node.heartbeatAt().isBefore(heartbeatBefore) && nodes.remove(node.nodeId(), node)) {
        removed++;
      }
    }
    return removed;
  }

  @Override
  public boolean acquireLease(String name, String holder, Instant now, Duration duration) {
    Lease taken =
        storeLeases.compute(
            name,
            (n, current) ->
                current == null || current.holder().equals(holder) || now.isAfter(current.until())
                    ? new Lease(holder, now.plus(duration))
                    : current);
    return taken.holder().equals(holder);
  }

  @Override
  public void releaseLease(String name, String holder) {
    storeLeases.computeIfPresent(
        name, (n, current) -> current.holder().equals(holder) ? null : current);
  }

  /** Who holds a store-wide lease, and until when (inclusive). */
  private record Lease(String holder, Instant until) {}

  // ---- schedules --------------------------------------------------------------------------------
  // Each schedule is one immutable snapshot in 'schedules'; every change is a compute() on its
  // entry, which is the schedule's lock: a fire inserts its jobs inside that compute, so a fire and
  // an update of one schedule never interleave. Lookups of a schedule's jobs scan all jobs.

  @Override
  public void insertSchedule(Schedule schedule) {
    if (schedule.key() == null) {
      if (schedules.putIfAbsent(schedule.id(), schedule) != null) {
        throw new IllegalArgumentException("schedule " + schedule.id() + " already exists");
      }
      return;
    }
    insertScheduleIfAbsent(schedule)
        .ifPresent(
            holder -> {
              throw new ScheduleKeyConflictException(
                  schedule.account(), schedule.key(), holder.id());
            });
  }

  /**
   * Stores a schedule with a key unless its account has one with that key. Schedule keys change
   * only under the {@code scheduleKeys} monitor (schedules are created rarely), and a schedule is
   * stored before its key, so a key always names a stored schedule.
   */
  @Override
  public Optional<Schedule> insertScheduleIfAbsent(Schedule schedule) {
    if (schedule.key() == null) {
      throw new IllegalArgumentException("schedule " + schedule.id() + " has no key");
    }
    IdempotencyKey key = new IdempotencyKey(schedule.account(), schedule.key());
    synchronized (scheduleKeys) {
      UUID holder = scheduleKeys.get(key);
      if (holder != null) {
        return Optional.of(schedules.get(holder));
      }
      if (schedules.putIfAbsent(schedule.id(), schedule) != null) {
        throw new IllegalArgumentException("schedule " + schedule.id() + " already exists");
      }
      scheduleKeys.put(key, schedule.id());
      return Optional.empty();
    }
  }

  @Override
  public Optional<Schedule> findScheduleByKey(String account, String key) {
    UUID id = scheduleKeys.get(new IdempotencyKey(account, key));
    return id == null ? Optional.empty() : Optional.ofNullable(schedules.get(id));
  }

  @Override
  public Optional<Schedule> findSchedule(UUID scheduleId) {
    return Optional.ofNullable(schedules.get(scheduleId));
  }

  @Override
  public Page<Schedule> querySchedules(ScheduleQuery query) {
    List<Schedule> matches = new ArrayList<>();
    // A key filter reads the key index: at most one schedule, whatever the number of schedules.
    Collection<Schedule> candidates =
        query
            .key()
            .<Collection<Schedule>>map(
                key -> findScheduleByKey(query.account(), key).stream().toList())
            .orElseGet(schedules::values);
    for (Schedule s : candidates) {
      if (s.account().equals(query.account())
          && (query.statuses().isEmpty() || query.statuses().contains(s.status()))) {
        matches.add(s);
      }
    }
    matches.sort(
        Comparator.comparing(Schedule::createdAt)
            .thenComparing(Schedule::id, Ids.UNSIGNED)
            .reversed());
    int from = (int) Math.min(query.offset(), matches.size());
    int to = Math.min(from + query.size(), matches.size());
    return new Page<>(matches.subList(from, to), query.page(), query.size(), matches.size());
  }

  @Override
  public boolean replaceSchedule(Schedule next, long expectedVersion) {
    boolean[] replaced = {false};
    schedules.computeIfPresent(
        next.id(),
        (id, current) -> {
          if (current.version() != expectedVersion) {
            return current;
          }
          replaced[0] = true;
          return next;
        });
    return replaced[0];
  }

  @Override
  public boolean fire(ScheduleFire fire) {
    boolean[] applied = {false};
    schedules.computeIfPresent(
        fire.next().id(),
        (id, current) -> {
          if (current.version() != fire.expectedVersion()) {
            return current;
          }
          try {
            insertAll(fire.jobs());
          } catch (IdempotencyKeyConflictException e) {
            return current; // this (schedule, fire time) already has its job
          }
          applied[0] = true;
          return fire.next();
        });
    return applied[0];
  }

  @Override
  public List<DueJob> findDueSchedules(Instant horizon, int limit) {
    return schedules.values().stream()
        .filter(s -> s.status() == ScheduleStatus.ACTIVE && s.nextRunAt() != null)
        .filter(s -> !s.nextRunAt().isAfter(horizon))
        .sorted(Comparator.comparing(Schedule::nextRunAt))
        .limit(limit)
        .map(s -> new DueJob(s.id(), s.nextRunAt()))
        .toList();
  }

  @Override
  public boolean hasUnfinishedJob(UUID scheduleId) {
    for (JobSlot slot : jobs.values()) {
      Job state = slot.state();
      if (state != null && scheduleId.equals(state.scheduleId()) && !state.status().isTerminal()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<Job> cancelScheduleJobs(UUID scheduleId, Instant now) {
    List<Job> cancelled = new ArrayList<>();
    for (JobSlot slot : jobs.values()) {
      Job state = slot.state();
      if (state != null && scheduleId.equals(state.scheduleId()) && state.status().isRunnable()) {
        try {
          cancelled.add(cancel(state.id(), now));
        } catch (JobStateConflictException e) {
          // claimed meanwhile: it runs
        }
      }
    }
    return cancelled;
  }

  @Override
  public String describe() {
    return "in-memory";
  }

  /** Does nothing: the store holds no resources, and stays usable. */
  @Override
  public void close() {}

  /** How many entries each map and index holds, for tests that check nothing is left behind. */
  IndexSizes indexSizes() {
    return new IndexSizes(
        jobs.size(),
        keys.size(),
        duePull.size() + duePush.size(),
        leases.size(),
        running.size(),
        finished.size());
  }

  /**
   * Entry counts of the store's maps and indexes.
   *
   * @param jobs stored jobs (and reservations of inserts in flight)
   * @param keys idempotency keys held
   * @param due entries of the runnable-jobs index
   * @param leases entries of the lease index
   * @param running running executions
   * @param finished entries of the finished-jobs index
   */
  record IndexSizes(int jobs, int keys, int due, int leases, int running, int finished) {}
}
