package dev.chronos.internal;

import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobHandler;
import dev.chronos.LeaseExpiredException;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.TransactionalJobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Claims due jobs and runs their attempts; enforces each attempt's timeout; records outcomes in
 * batches. A node has one dispatcher per lane, each with its own {@link DueQueue} and slots:
 * in-process handlers ({@code chronos-dispatcher}, slots = {@code workerThreads}) and push delivery
 * ({@code chronos-push-dispatcher}, slots = {@code pushConcurrency}), so slow endpoints never hold
 * up handlers and the other way round.
 *
 * <p>Threads: {@code <lane>-dispatcher} takes due entries from the lane's {@link DueQueue} and
 * claims them in the store in batches; claimed attempts wait in {@link Slots} for a slot and are
 * started by the lane's {@link LaneRunner}: {@link HandlerLane} on a {@code chronos-worker-N}
 * thread (a worker that finishes one takes the next waiting attempt itself, keeping its slot),
 * {@link PushLane} as an asynchronous request of the {@link PushSender}. {@code <lane>-timeouts}
 * waits on {@link Deadlines}, the claimed attempts ordered by deadline. {@code <lane>-recorder}
 * writes outcomes to the store, as many per transaction as have accumulated (group commit). Without
 * {@link #start()} the same work is done by {@link #step()} on the caller's thread (tests):
 * attempts run and their outcomes are written before it returns.
 *
 * <p>Concurrency: an attempt holds a slot while its handler (or push request) runs, and gives it
 * back as soon as the handler returns, before its outcome is written, so the store's latency does
 * not idle the workers. A slot is returned by whichever of the handler (or the push answer) or the
 * deadline gets there first: a handler that ignores the interrupt keeps its thread but not its
 * slot, so a hung handler never starves the node (past a limit, {@link AbandonedThreads} stops
 * claiming).
 *
 * <p>Claiming ahead: to claim in large batches the dispatcher may claim more jobs than there are
 * free slots, as many as {@link ClaimAhead} expects the slots to start within {@link
 * #AHEAD_TARGET}: short jobs are claimed hundreds at a time, long jobs only when a slot is free (so
 * other nodes can take them); nothing ahead before an attempt was seen to end, and a slot busy for
 * longer than the target counts for nothing. A claimed attempt's deadline counts from the claim, as
 * its lease does; one that reaches its deadline before any slot started it is given back without
 * using a retry. The dispatcher also stops claiming while {@link #MAX_BACKLOG} outcomes wait to be
 * written.
 *
 * <p>Parts, one job each: the dispatcher claims, accepts and ends attempts; {@link AttemptRun}
 * holds each attempt's state; {@link ClaimAhead} says how many to claim beyond the free slots;
 * {@link ClaimSpread} which of the due jobs to claim while other nodes claim the same ones; {@link
 * Slots} holds the permits and the attempts waiting for one; the {@link LaneRunner} ({@link
 * HandlerLane} with {@link HandlerRunner}, or {@link PushLane}) starts attempts; {@link Deadlines}
 * orders attempts by deadline; {@link Recorder} writes outcomes and classifies the store's
 * failures; {@link AbandonedThreads} bounds threads left in handlers; {@link ClaimFence} keeps
 * claims apart from the rescuer's reconcile; {@link Signal} is where the dispatcher waits for room
 * to claim and shutdown for idleness.
 *
 * <p>Glossary. <em>Claim</em>: make jobs {@code RUNNING} in the store, each with a new execution
 * whose id is the lease. <em>Accept</em>: take a claimed attempt in (queued for a slot, or released
 * at once if this node cannot run it). <em>Start</em>: give an attempt a slot and begin its handler
 * or push request ({@code WAITING → STARTED}). <em>End</em>: the one step to {@code ENDED}, taken
 * by whichever comes first of the handler returning, the push answer, the deadline and a release;
 * it hands the outcome to the recorder. <em>Release</em>: end an attempt without using a retry,
 * giving the job back. <em>Time out</em>: end a started attempt at its deadline. <em>Record</em>:
 * write an outcome; <em>settle</em>: the recorder is done with it and the attempt leaves the node.
 * <em>Abandon</em>: a worker thread still inside a handler after its attempt timed out.
 * <em>Reconcile</em>: give back claims the store holds for this node that it does not run.
 * <em>Slot</em>: the right to run one attempt at a time (one permit). <em>Waiting</em>: claimed,
 * accepted, not yet given a slot. <em>Claim ahead</em>: claim beyond the free slots. <em>Room</em>:
 * how many more the dispatcher may claim now.
 *
 * <p>Outcomes go to the store fenced by execution id; outcomes the store could not take (outage)
 * are kept by the recorder and retried by {@link #retryUnrecorded()} from the rescuer loop.
 */
final class Dispatcher implements LaneRunner.Ends {
  private static final Logger log = Loggers.DISPATCHER;
  private static final int MAX_BATCH = 512;

  /** How long claimed attempts may be expected to wait for a slot when claiming ahead. */
  static final Duration AHEAD_TARGET = Duration.ofMillis(20);

  /** Outcomes waiting to be written beyond which the dispatcher claims nothing more. */
  static final int MAX_BACKLOG = 4 * MAX_BATCH;

  /** How far past its start a handler may move its attempt's deadline: the longest timeout. */
  static final Duration MAX_RUN = Duration.ofDays(7);

  private final String lane;
  private final EngineSettings settings;
  private final JobStore store;
  private final Clock clock;
  private final Events events;
  private final StoreHealth health;
  private final DueQueue queue;
  private final Consumer<Job> requeue;
  private final Deadlines<AttemptRun> deadlines;
  private final ClaimFence fence;
  private final HandlerPauses pauses;

  /** Claimed attempts from the claim until their outcome is written. */
  private final ConcurrentHashMap<UUID, AttemptRun> inFlight = new ConcurrentHashMap<>();

  /** The lane's slots and the claimed attempts waiting for one. */
  private final Slots slots;

  /** Writes the outcomes of this lane's attempts. */
  private final Recorder recorder;

  /** Where the dispatcher waits for room to claim and {@link #awaitIdle} for idleness. */
  private final Signal room = new Signal();

  /** Worker threads left inside a handler after its deadline. */
  private final AbandonedThreads abandoned;

  /** Runs this lane's attempts: handlers on worker threads, or push requests. */
  private final LaneRunner runner;

  /** How many to claim beyond the free slots. */
  private final ClaimAhead claimAhead;

  /** Which due entries to claim when other nodes claim the same ones; dispatcher thread only. */
  private final ClaimSpread spread = new ClaimSpread(new java.util.SplittableRandom());

  private volatile boolean claiming = true;
  private Thread dispatcherThread;
  private Thread timeoutThread;

  /**
   * A lane's dispatcher.
   *
   * @param lane the thread name prefix, {@code chronos} or {@code chronos-push}
   * @param slots how many attempts may be in flight
   * @param push sends push jobs, or null when this node does not
   */
  Dispatcher(
      String lane,
      int slots,
      EngineSettings settings,
      Events events,
      StoreHealth health,
      DueQueue queue,
      Consumer<Job> requeue,
      PushSender push,
      ClaimFence fence,
      HandlerPauses pauses) {
    this.lane = lane;
    this.pauses = pauses;
    this.settings = settings;
    this.store = settings.store();
    this.clock = settings.clock();
    this.deadlines =
        new Deadlines<>(
            (AttemptRun r) -> r.deadline,
            (a, b) -> a.executionId().compareTo(b.executionId()),
            clock);
    this.events = events;
    this.health = health;
    this.queue = queue;
    this.requeue = requeue;
    this.fence = fence;
    this.slots = new Slots(slots, this::signalRoom);
    this.claimAhead = new ClaimAhead(AHEAD_TARGET, slots, MAX_BATCH, System::nanoTime);
    this.recorder = new Recorder(lane, store, clock, health, this::settled, this::signalRoom);
    this.abandoned =
        new AbandonedThreads(settings.maxAbandonedThreads(), settings.nodeId(), this::signalRoom);
    boolean inline = settings.inlineHandlers();
    this.runner =
        push == null
            ? new HandlerLane(
                new HandlerRunner(
                    events,
                    settings.maxResultSize(),
                    this::retryAt,
                    abandoned,
                    settings.payloadMapper(),
                    this::extendDeadline,
                    this::completeInTransaction),
                this.slots,
                claimAhead,
                this,
                settings.nodeId(),
                inline)
            : new PushLane(
                push, events, this::retryAt, claimAhead, this, settings.nodeId(), inline);
  }

  void start() {
    recorder.start();
    dispatcherThread = DaemonThreads.start(lane + "-dispatcher", this::dispatchLoop);
    timeoutThread = DaemonThreads.start(lane + "-timeouts", this::timeoutLoop);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  // ---- claiming ---------------------------------------------------------------------------------

  private void dispatchLoop() {
    while (claiming) {
      DueQueue.Entry first;
      try {
        awaitRoom();
        first = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) { // woken to stop
        continue;
      }
      int room = Math.max(1, room());
      List<DueQueue.Entry> due = new ArrayList<>();
      due.add(first);
      due.addAll(queue.drainDue(spread.window(room) - 1));
      List<DueQueue.Entry> giveBack = new ArrayList<>();
      List<DueQueue.Entry> batch = spread.choose(due, room, giveBack);
      for (DueQueue.Entry e : giveBack) {
        queue.offer(e.id, e.runAt);
      }
      dispatch(batch);
    }
  }

  /** Tests: claims and starts everything due now, up to the free slots. Returns how many. */
  int step() {
    expireDue();
    List<DueQueue.Entry> due = queue.drainDue(room());
    if (!due.isEmpty()) {
      dispatch(due);
    }
    return due.size();
  }

  /**
   * How many more jobs to claim now: the free slots plus the allowance for claiming ahead, minus
   * the attempts already waiting for a slot; none while too many outcomes wait to be written.
   */
  private int room() {
    if (recorder.pending() + recorder.unrecorded() >= MAX_BACKLOG || abandoned.overLimit()) {
      return 0;
    }
    return Math.min(MAX_BATCH, slots.free() + ahead() - slots.waiting());
  }

  /** How many attempts the slots are expected to start within {@link #AHEAD_TARGET}. */
  private int ahead() {
    // Inline (tests): claim only what runs at once, as the test's clock expects.
    return settings.inlineHandlers() ? 0 : claimAhead.allowance();
  }

  private void awaitRoom() throws InterruptedException {
    room.await(() -> !claiming || room() > 0, Long.MAX_VALUE);
  }

  /** Wakes whoever waits for room or for idleness; cheap when nobody does. */
  private void signalRoom() {
    room.signal();
  }

  /** Claims the entries and queues what was claimed for a slot. Never throws. */
  private void dispatch(List<DueQueue.Entry> batch) {
    if (!claiming) {
      return;
    }
    Instant now = now();
    List<UUID> ids = new ArrayList<>(batch.size());
    for (DueQueue.Entry e : batch) {
      ids.add(e.id);
    }
    if (fence.claim(() -> claimAndAccept(ids, batch, now))) {
      slots.startWaiting(runner::start);
    }
  }

  /**
   * Claims in the store and records what was claimed as in flight here, both inside the claim fence
   * (see {@link ClaimFence}). Returns false when the claim failed (the entries are queued again for
   * later).
   */
  private boolean claimAndAccept(List<UUID> ids, List<DueQueue.Entry> batch, Instant now) {
    List<Attempt> claimed;
    try {
      claimed = store.claim(ids, settings.nodeId(), now, settings.leaseGrace());
      health.ok();
      spread.claimed(ids.size(), claimed.size());
    } catch (Throwable e) {
      health.failed("claim", e);
      Instant later = now.plus(settings.pollInterval());
      for (DueQueue.Entry entry : batch) {
        queue.offer(entry.id, later);
      }
      return false;
    }
    for (Attempt a : claimed) {
      try {
        accept(a);
      } catch (Throwable t) {
        log.error("Could not start execution {}; giving the job back", a.execution().id(), t);
        AttemptRun r =
            inFlight.computeIfAbsent(a.execution().id(), id -> new AttemptRun(a, null, now));
        release(r, "node " + settings.nodeId() + " could not start it: " + describe(t));
      }
    }
    return true;
  }

  /** Takes a claimed attempt in: queues it for a slot, or gives it back if it cannot run here. */
  private void accept(Attempt a) {
    Job job = a.job();
    Execution ex = a.execution();
    JobHandler handler = job.handler() == null ? null : settings.handlers().get(job.handler());
    AttemptRun r = new AttemptRun(a, handler, ex.startedAt().plus(job.timeout()));
    inFlight.put(ex.id(), r);
    String refusal = runner.refusal(r);
    if (refusal == null && !r.push && pauses.isPaused(job.handler())) {
      // Queued before the handler was paused: given back unstarted, without using a retry.
      refusal = "released: handler '" + job.handler() + "' is paused on node " + settings.nodeId();
    }
    if (refusal != null) {
      release(r, refusal);
      return;
    }
    deadlines.add(r);
    slots.add(r);
  }

  /** Frees the attempt's slot if it still holds one, and starts the next waiting attempt. */
  @Override
  public void freeSlot(AttemptRun r) {
    if (slots.free(r)) {
      slots.startWaiting(runner::start);
    }
  }

  /** Gives an attempt's job back without using a retry, if nothing else ended the attempt. */
  @Override
  public void release(AttemptRun r, String reason) {
    AttemptRun.State from = r.end();
    if (from != null) {
      // The outcome is counted before the slot is freed, so the node never looks idle between.
      end(ExecutionOutcome.released(r.executionId(), reason, now()));
      deadlines.remove(r);
      slots.remove(r, from);
      r.interrupt();
      freeSlot(r);
    }
  }

  // ---- running ----------------------------------------------------------------------------------

  /**
   * Ends the attempt with this outcome unless the deadline or shutdown ended it first. An attempt
   * its handler completed in its own transaction that committed is settled with what that
   * transaction wrote, and nothing more is recorded; one whose transaction rolled back (or cannot
   * be checked) takes the normal path, whose fenced write records nothing if it did commit.
   */
  @Override
  public void finish(AttemptRun r, ExecutionOutcome outcome) {
    Attempt inTransaction = r.completedInTransaction;
    if (inTransaction != null && committed(inTransaction)) {
      if (r.end() != null) {
        deadlines.remove(r);
        settled(outcome, Optional.of(inTransaction));
      }
      return;
    }
    if (r.end() != null) {
      deadlines.remove(r);
      end(outcome);
    } else {
      log.info(
          "Job {} attempt {} finished after it had timed out or was released; its result is ignored",
          r.attempt.job().id(),
          r.attempt.execution().attempt());
    }
  }

  /** Whether the handler's transaction that completed the attempt has committed. */
  private boolean committed(Attempt inTransaction) {
    try {
      return store
          .find(inTransaction.job().id())
          .map(j -> j.status() == dev.chronos.JobStatus.COMPLETED)
          .orElse(false);
    } catch (RuntimeException e) {
      return false; // the normal path's fenced write decides
    }
  }

  /**
   * Completes a running attempt with its handler's connection, in the handler's transaction, fenced
   * by the execution id and the lease ({@link dev.chronos.JobContext#complete}).
   *
   * @throws LeaseExpiredException if the attempt ended here or the store no longer holds its lease
   * @throws UnsupportedOperationException if the store cannot write in a caller's transaction
   */
  void completeInTransaction(
      AttemptRun r,
      java.sql.Connection connection,
      com.fasterxml.jackson.databind.JsonNode result) {
    if (!(store instanceof TransactionalJobStore tx)) {
      throw new UnsupportedOperationException(
          "The job store "
              + store.describe()
              + " ("
              + store.getClass().getName()
              + ") cannot write in a handler's transaction: it does not implement "
              + TransactionalJobStore.class.getName());
    }
    synchronized (r.extending) {
      if (r.ended()) {
        throw new LeaseExpiredException(r.executionId());
      }
      Optional<Attempt> after =
          tx.finish(connection, ExecutionOutcome.completed(r.executionId(), result), now());
      if (after.isEmpty()) {
        throw new LeaseExpiredException(r.executionId());
      }
      r.completedInTransaction = after.get();
    }
  }

  /**
   * Moves a running attempt's deadline to {@code by} from now, for its handler ({@link
   * dev.chronos.JobContext#extendDeadline}): bounded by the job's timeout per call and by {@link
   * #MAX_RUN} past the start, fenced by the store's lease. The attempt leaves {@link Deadlines}
   * while its deadline changes (the order there depends on it), so the timeout thread cannot take
   * it meanwhile; one that thread took first, or that ended otherwise, cannot extend.
   *
   * @return the deadline after the call
   * @throws LeaseExpiredException if the attempt ended or the store no longer holds its lease
   */
  Instant extendDeadline(AttemptRun r, Duration by) {
    Job job = r.attempt.job();
    if (by.isNegative() || by.isZero() || by.compareTo(job.timeout()) > 0) {
      throw new IllegalArgumentException(
          "duration must be positive and at most the job's timeout of "
              + job.timeout().toSeconds()
              + " s, was "
              + by);
    }
    synchronized (r.extending) {
      if (r.ended()) {
        throw new LeaseExpiredException(r.executionId());
      }
      Instant now = now();
      Instant cap = r.attempt.execution().startedAt().plus(MAX_RUN);
      Instant target = now.plus(by);
      target = (target.isAfter(cap) ? cap : target).truncatedTo(ChronoUnit.MICROS);
      Instant current = r.deadline;
      if (!target.isAfter(current)) {
        return current;
      }
      if (!deadlines.remove(r)) {
        throw new LeaseExpiredException(r.executionId()); // the timeout thread has it
      }
      try {
        if (store.extend(r.executionId(), target.plus(settings.leaseGrace()), now).isEmpty()) {
          throw new LeaseExpiredException(r.executionId());
        }
        r.deadline = target;
        return target;
      } finally {
        if (!r.ended()) {
          deadlines.add(r);
        }
      }
    }
  }

  /** When a job may run again after this attempt failed. */
  Instant retryAt(int failedAttempt) {
    return now().plus(settings.backoff().delayAfter(failedAttempt)).truncatedTo(ChronoUnit.MICROS);
  }

  static String describe(Throwable t) {
    return ErrorText.headline(t);
  }

  // ---- timeouts ---------------------------------------------------------------------------------

  private void timeoutLoop() {
    while (true) {
      AttemptRun r;
      try {
        r = deadlines.awaitDue();
      } catch (InterruptedException e) {
        return;
      }
      try {
        timeOut(r);
      } catch (Throwable t) {
        log.error("Timing out execution {} failed", r.executionId(), t);
      }
    }
  }

  /** Ends every attempt whose deadline has passed. */
  void expireDue() {
    AttemptRun r;
    while ((r = deadlines.pollDue()) != null) {
      timeOut(r);
    }
  }

  /**
   * Ends an attempt at its deadline: a started one times out (and counts as an attempt); one that
   * never got a slot is given back without using a retry.
   */
  private boolean timeOut(AttemptRun r) {
    AttemptRun.State from = r.end();
    if (from == null) {
      return false;
    }
    boolean started = from == AttemptRun.State.STARTED;
    Job job = r.attempt.job();
    // The outcome is counted before the slot is freed, so the node never looks idle between.
    Thread stuck = started ? r.abandon() : null; // null for push: no thread of ours waits

    end(
        started
            ? ExecutionOutcome.timedOut(
                r.executionId(),
                "timed out after " + job.timeout().toSeconds() + " s" + runner.timeoutNote(),
                retryAt(r.attempt.execution().attempt()))
            : ExecutionOutcome.released(
                r.executionId(),
                "released: no slot on node "
                    + settings.nodeId()
                    + " started it before its deadline",
                now()));
    slots.remove(r, from);
    r.interrupt();
    if (stuck == null || !abandoned.abandon(stuck)) {
      freeSlot(r);
    } // else the attempt keeps its slot until its thread leaves the handler
    return true;
  }

  /** Whether this node runs the execution here (claimed, running, or its outcome on its way). */
  boolean runsHere(UUID executionId) {
    return inFlight.containsKey(executionId);
  }

  /** Worker threads still inside a handler whose attempt timed out. */
  int abandonedThreads() {
    return abandoned.count();
  }

  /** Whether claiming stopped because too many threads are abandoned. */
  boolean claimingStopped() {
    return abandoned.overLimit();
  }

  /** This lane's numbers for {@link dev.chronos.ChronosStats}. */
  dev.chronos.ChronosStats.Lane stats(String name) {
    return new dev.chronos.ChronosStats.Lane(
        name, queue.size() + slots.waiting(), inFlight.size(), slots.free());
  }

  /** Whether this lane's claims meet other nodes' claims for the same jobs (any thread). */
  boolean contended() {
    return spread.contended();
  }

  /** Outcomes kept because the store could not be reached. */
  int unrecorded() {
    return recorder.unrecorded();
  }

  /** The earliest due time in this lane's queue, or null. */
  Instant earliestQueued() {
    return queue.earliest();
  }

  /**
   * The rescuer found this node's own execution with an ended lease: ends it here if it still runs
   * here. False when this node does not run it, or its attempt had already ended (its outcome still
   * on its way to the store): then the rescuer ends it in the store.
   */
  boolean timeOutIfRunningHere(UUID executionId) {
    AttemptRun r = inFlight.get(executionId);
    if (r == null || r.ended()) {
      return false;
    }
    deadlines.remove(r);
    return timeOut(r);
  }

  // ---- outcomes ---------------------------------------------------------------------------------

  /** Hands the outcome of an attempt this node ended to the recorder. Called once per attempt. */
  private void end(ExecutionOutcome outcome) {
    recorder.add(outcome);
  }

  /** The recorder is done with an outcome: the attempt leaves this node. */
  private void settled(ExecutionOutcome outcome, Optional<Attempt> after) {
    AttemptRun r = inFlight.remove(outcome.executionId());
    after.ifPresent(a -> finished(a, r == null ? null : r.failure, outcome.released()));
  }

  /**
   * Reports a stored outcome and queues the job again if it will be retried here.
   *
   * @param failure what the handler threw, or null
   */
  void finished(Attempt after, Throwable failure) {
    finished(after, failure, false);
  }

  /**
   * Reports a stored outcome, a release or not, and queues the job again if it will be retried
   * here.
   *
   * @param failure what the handler threw, or null
   * @param released whether the outcome gave the job back unfinished
   */
  void finished(Attempt after, Throwable failure, boolean released) {
    events.finished(after, failure, released);
    requeue.accept(after.job());
  }

  /** Writes outcomes kept during an outage, if their back-off allows; never throws. */
  void retryUnrecorded() {
    recorder.retryUnrecorded();
  }

  /**
   * Writes outcomes kept during an outage now (shutdown).
   *
   * @return whether none is left unrecorded
   */
  boolean retryUnrecordedNow() {
    return recorder.retryUnrecordedNow();
  }

  // ---- shutdown ---------------------------------------------------------------------------------

  /**
   * Stops claiming new jobs; attempts already claimed go on. The dispatcher is woken rather than
   * interrupted, so a claim in progress completes and its attempts start (and are then released or
   * finish); only a dispatcher still busy after 5 s is interrupted.
   */
  void stopClaiming() {
    claiming = false;
    Thread t = dispatcherThread;
    if (t == null) {
      return;
    }
    queue.wakeUp();
    room.wake();
    try {
      t.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    join(t);
  }

  /**
   * Waits until no attempt runs or waits for a slot here and every outcome was written (or refused
   * by the store), up to the timeout.
   */
  boolean awaitIdle(Duration timeout) {
    try {
      return room.await(this::idle, timeout.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean idle() {
    return slots.idle() && recorder.pending() == 0;
  }

  /** Interrupts every attempt still running or waiting and gives its job back for another node. */
  void releaseAll() {
    for (AttemptRun r : List.copyOf(inFlight.values())) {
      release(r, "released: node " + settings.nodeId() + " shut down before the handler finished");
    }
  }

  /**
   * Stops the timeout thread, the worker pool and the recorder (writing what it still holds);
   * handlers that ignore interrupts are left.
   */
  void shutdown() {
    join(timeoutThread);
    runner.close();
    recorder.stop(); // from here on outcomes are written by whoever ends the attempt
  }

  int running() {
    return inFlight.size();
  }

  /** Worker threads inside a handler, counting handlers left behind after a timeout. */
  int busyThreads() {
    return runner.busyThreads();
  }

  private static void join(Thread t) {
    if (t == null) {
      return;
    }
    t.interrupt();
    try {
      t.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
