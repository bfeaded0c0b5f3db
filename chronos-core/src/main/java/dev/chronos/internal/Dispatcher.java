package dev.chronos.internal;

import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobHandler;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * claims them in the store in batches; claimed attempts wait in {@code ready} for a slot and run as
 * a handler on a {@code chronos-worker-N} thread (a worker that finishes one takes the next ready
 * attempt itself, keeping its slot) or as an asynchronous request of the {@link PushSender}. {@code
 * <lane>-timeouts} waits on a delay queue of claimed attempts ordered by deadline. {@code
 * <lane>-recorder} writes outcomes to the store, as many per transaction as have accumulated (group
 * commit). Without {@link #start()} the same work is done by {@link #step()} on the caller's thread
 * (tests): attempts run and their outcomes are written before it returns.
 *
 * <p>Concurrency: {@code permits} holds one permit per slot; an attempt holds one while its handler
 * (or push request) runs, and gives it back as soon as the handler returns, before its outcome is
 * written, so the store's latency does not idle the workers. A permit is returned by whichever of
 * the handler (or the push answer) or the deadline gets there first: a handler that ignores the
 * interrupt keeps its thread but not its slot, so a hung handler never starves the node.
 *
 * <p>Claiming ahead: to claim in large batches the dispatcher may claim more jobs than there are
 * free slots, but only as many as the slots are expected to start within {@link #AHEAD_TARGET},
 * judged from how long recent attempts ran: short jobs are claimed hundreds at a time, long jobs
 * only when a slot is free (so other nodes can take them). A claimed attempt's deadline counts from
 * the claim, as its lease does; one that reaches its deadline before any slot started it is given
 * back without using a retry. The dispatcher also stops claiming while {@link #MAX_BACKLOG}
 * outcomes wait to be written.
 *
 * <p>Parts: the dispatcher claims and hands out slots; {@link AttemptRun} holds each attempt's
 * state; {@link HandlerRunner} runs handler attempts and {@link PushSender} push attempts; {@link
 * Deadlines} orders attempts by deadline; {@link Recorder} writes outcomes and classifies the
 * store's failures; {@link AbandonedThreads} bounds threads left in handlers; {@link ClaimFence}
 * keeps claims apart from the rescuer's reconcile.
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
 *
 * <p>Outcomes go to the store fenced by execution id; outcomes the store could not take (outage)
 * are kept by the recorder and retried by {@link #retryUnrecorded()} from the rescuer loop.
 */
final class Dispatcher {
  private static final Logger log = Loggers.DISPATCHER;
  private static final int MAX_BATCH = 512;

  /** How long claimed attempts may be expected to wait for a slot when claiming ahead. */
  static final Duration AHEAD_TARGET = Duration.ofMillis(20);

  /** Outcomes waiting to be written beyond which the dispatcher claims nothing more. */
  static final int MAX_BACKLOG = 4 * MAX_BATCH;

  private final String lane;
  private final int slots;
  private final EngineSettings settings;
  private final PushSender push;
  private final JobStore store;
  private final Clock clock;
  private final Events events;
  private final StoreHealth health;
  private final DueQueue queue;
  private final Consumer<Job> requeue;
  private final Semaphore permits;
  private final ExecutorService workers;
  private final Deadlines<AttemptRun> deadlines;
  private final ClaimFence fence;

  /** Claimed attempts from the claim until their outcome is written. */
  private final ConcurrentHashMap<UUID, AttemptRun> inFlight = new ConcurrentHashMap<>();

  /** Claimed attempts waiting for a slot, and how many (at least the queue's size). */
  private final ConcurrentLinkedQueue<AttemptRun> ready = new ConcurrentLinkedQueue<>();

  private final AtomicInteger readyCount = new AtomicInteger();

  /** Writes the outcomes of this lane's attempts. */
  private final Recorder recorder;

  /** Monitor of the dispatcher waiting for room to claim and of {@link #awaitIdle}. */
  private final Object room = new Object();

  private final AtomicInteger roomWaiters = new AtomicInteger();

  /** Worker threads left inside a handler after its deadline. */
  private final AbandonedThreads abandoned;

  /** Runs handler attempts (the push lane's attempts go to {@code push}). */
  private final HandlerRunner handlers;

  /** How many to claim beyond the free slots. */
  private final ClaimAhead claimAhead;

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
      ClaimFence fence) {
    this.lane = lane;
    this.slots = slots;
    this.push = push;
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
    this.permits = new Semaphore(slots);
    this.claimAhead = new ClaimAhead(AHEAD_TARGET, slots, MAX_BATCH, System::nanoTime);
    this.recorder = new Recorder(lane, store, clock, health, this::settled, this::signalRoom);
    this.abandoned =
        new AbandonedThreads(settings.maxAbandonedThreads(), settings.nodeId(), this::signalRoom);
    this.handlers =
        new HandlerRunner(
            events, settings.maxResultSize(), this::retryAt, abandoned, settings.payloadMapper());
    // Unbounded threads, bounded work: the permits cap how many attempts run; a thread stuck in a
    // handler that ignores interrupts is left behind and a new one serves the next attempt.
    this.workers = settings.inlineHandlers() ? null : DaemonThreads.cachedPool("chronos-worker");
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
      List<DueQueue.Entry> batch = new ArrayList<>();
      batch.add(first);
      batch.addAll(queue.drainDue(Math.max(0, room() - 1)));
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
    return Math.min(MAX_BATCH, permits.availablePermits() + ahead() - readyCount.get());
  }

  /** How many attempts the slots are expected to start within {@link #AHEAD_TARGET}. */
  private int ahead() {
    // Inline (tests): claim only what runs at once, as the test's clock expects.
    return workers == null ? 0 : claimAhead.allowance();
  }

  private void awaitRoom() throws InterruptedException {
    if (room() > 0) {
      return;
    }
    roomWaiters.incrementAndGet();
    try {
      synchronized (room) {
        while (claiming && room() <= 0) {
          room.wait();
        }
      }
    } finally {
      roomWaiters.decrementAndGet();
    }
  }

  /** Wakes whoever waits for room or for idleness; cheap when nobody does. */
  private void signalRoom() {
    if (roomWaiters.get() > 0) {
      synchronized (room) {
        room.notifyAll();
      }
    }
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
      startReady();
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
    if (r.push && push == null) {
      release(r, "push delivery is off on node " + settings.nodeId());
      return;
    }
    if (!r.push && handler == null) {
      // Claimed by id, but this node has no handler for it (any more): give it back at once.
      release(r, "no handler '" + job.handler() + "' on node " + settings.nodeId());
      return;
    }
    deadlines.add(r);
    readyCount.incrementAndGet();
    ready.add(r);
  }

  private AttemptRun pollReady() {
    AttemptRun r = ready.poll();
    if (r != null) {
      readyCount.decrementAndGet();
      signalRoom();
    }
    return r;
  }

  /** Takes an attempt that ended before it started out of {@code ready}, if it is still there. */
  private void unready(AttemptRun r, AttemptRun.State endedFrom) {
    if (endedFrom == AttemptRun.State.WAITING && ready.remove(r)) {
      readyCount.decrementAndGet();
      signalRoom();
    }
  }

  /**
   * Starts ready attempts while slots are free. Whoever queues an attempt calls this after adding
   * it, and whoever frees a slot calls it after releasing the permit, so one of the two always sees
   * both the attempt and the free permit.
   */
  private void startReady() {
    while (!ready.isEmpty() && permits.tryAcquire()) {
      AttemptRun r = pollReady();
      if (r == null) { // another thread took it meanwhile: look again
        permits.release();
        signalRoom();
        continue;
      }
      launch(r);
    }
  }

  /** Starts an attempt on the slot just acquired for it. */
  private void launch(AttemptRun r) {
    r.slot.set(true);
    if (r.push) {
      beginPush(r);
    } else if (workers == null) {
      work(r);
    } else {
      try {
        workers.execute(() -> work(r));
      } catch (RejectedExecutionException e) {
        release(r, "node " + settings.nodeId() + " is shutting down");
        freeSlot(r); // also when the deadline had ended it already
      }
    }
  }

  /**
   * A worker: runs the attempt, then the next ready one on the same slot, until none is ready; a
   * worker whose slot the deadline took (a handler that ran too long) leaves at once.
   */
  private void work(AttemptRun first) {
    AttemptRun r = first;
    while (true) {
      ClaimAhead.Run run = claimAhead.started();
      ExecutionOutcome outcome = handlers.run(r);
      claimAhead.ended(run, outcome != null);
      if (outcome != null) {
        finish(r, outcome);
      }
      if (!r.slot.compareAndSet(true, false)) {
        return;
      }
      AttemptRun next = pollReady();
      if (next == null) {
        break;
      }
      if (next.push) {
        launch(next); // keeps the slot
        return;
      }
      next.slot.set(true);
      r = next;
    }
    permits.release();
    signalRoom();
    startReady(); // an attempt queued after the poll above must not wait for the next claim
  }

  /** Frees the attempt's slot if it still holds one, and starts the next ready attempt. */
  private void freeSlot(AttemptRun r) {
    if (r.slot.compareAndSet(true, false)) {
      permits.release();
      signalRoom();
      startReady();
    }
  }

  private void beginPush(AttemptRun r) {
    if (!r.start(null)) {
      freeSlot(r);
      return;
    }
    Attempt a = r.attempt;
    events.started(a);
    ClaimAhead.Run run = claimAhead.started();
    PushSender.Call call = push.send(a, this::retryAt);
    r.attach(call);
    CompletableFuture<Void> recorded =
        call.outcome.handle(
            (outcome, error) -> {
              claimAhead.ended(run);
              if (outcome != null) {
                finish(r, outcome);
              } else if (!(error instanceof CancellationException)) {
                finish(
                    r,
                    ExecutionOutcome.failed(
                        r.executionId(),
                        ErrorText.withStackTrace(r.failure = error),
                        retryAt(a.execution().attempt())));
              } // cancelled: whoever cancelled it ended the attempt
              freeSlot(r);
              return null;
            });
    if (settings.inlineHandlers()) {
      recorded.join();
    }
  }

  /** Gives an attempt's job back without using a retry, if nothing else ended the attempt. */
  private void release(AttemptRun r, String reason) {
    AttemptRun.State from = r.end();
    if (from != null) {
      // The outcome is counted before the slot is freed, so the node never looks idle between.
      end(ExecutionOutcome.released(r.executionId(), reason, now()));
      deadlines.remove(r);
      unready(r, from);
      r.interrupt();
      freeSlot(r);
    }
  }

  // ---- running ----------------------------------------------------------------------------------

  /** Ends the attempt with this outcome unless the deadline or shutdown ended it first. */
  private void finish(AttemptRun r, ExecutionOutcome outcome) {
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
    String what = r.push ? "; the push request was abandoned" : "; the handler was interrupted";
    // The outcome is counted before the slot is freed, so the node never looks idle between.
    Thread stuck = started && !r.push ? r.abandon() : null;
    end(
        started
            ? ExecutionOutcome.timedOut(
                r.executionId(),
                "timed out after " + job.timeout().toSeconds() + " s" + what,
                retryAt(r.attempt.execution().attempt()))
            : ExecutionOutcome.released(
                r.executionId(),
                "released: no slot on node "
                    + settings.nodeId()
                    + " started it before its deadline",
                now()));
    unready(r, from);
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
        name, queue.size() + readyCount.get(), inFlight.size(), permits.availablePermits());
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
    after.ifPresent(a -> finished(a, r == null ? null : r.failure));
  }

  /**
   * Reports a stored outcome and queues the job again if it will be retried here.
   *
   * @param failure what the handler threw, or null
   */
  void finished(Attempt after, Throwable failure) {
    events.finished(after, failure);
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
    synchronized (room) {
      room.notifyAll();
    }
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
    long end = System.nanoTime() + timeout.toNanos();
    roomWaiters.incrementAndGet();
    try {
      synchronized (room) {
        while (!idle()) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(room, left);
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      roomWaiters.decrementAndGet();
    }
  }

  private boolean idle() {
    return permits.availablePermits() == slots && readyCount.get() == 0 && recorder.pending() == 0;
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
    if (push != null) {
      push.close();
    }
    join(timeoutThread);
    if (workers != null) {
      workers.shutdown();
      try {
        workers.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      workers.shutdownNow();
    }
    recorder.stop(); // from here on outcomes are written by whoever ends the attempt
  }

  int running() {
    return inFlight.size();
  }

  /** Worker threads inside a handler, counting handlers left behind after a timeout. */
  int busyThreads() {
    return workers instanceof ThreadPoolExecutor pool ? pool.getActiveCount() : 0;
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
