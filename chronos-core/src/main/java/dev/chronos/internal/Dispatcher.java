package dev.chronos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chronos.Delivery;
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
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due jobs and runs their attempts; enforces each attempt's timeout. A node has one
 * dispatcher per lane, each with its own {@link DueQueue} and permits: in-process handlers ({@code
 * chronos-dispatcher}, permits = {@code workerThreads}) and push delivery ({@code
 * chronos-push-dispatcher}, permits = {@code pushConcurrency}), so slow endpoints never hold up
 * handlers and the other way round.
 *
 * <p>Threads: {@code <lane>-dispatcher} takes due entries from the lane's {@link DueQueue}, claims
 * them in the store in batches and starts each claimed attempt: a handler on a {@code
 * chronos-worker-N} thread, a push job as an asynchronous request of the {@link PushSender} (the
 * dispatcher never waits for an answer). {@code <lane>-timeouts} waits on a second delay queue of
 * running attempts ordered by deadline. Without {@link #start()} the same work is done by {@link
 * #step()} on the caller's thread (tests); inline, a push request is awaited there too.
 *
 * <p>Concurrency limit: {@code permits} holds one permit per attempt allowed in flight. The
 * dispatcher takes a permit before it takes an entry, so it never claims a job it cannot start at
 * once (a claim starts the lease). A permit is returned when the attempt ends, by whichever of the
 * handler (or the push answer) or the deadline gets there first ({@link Running#done} decides,
 * once): a handler that ignores the interrupt keeps its thread but not its permit, so a hung
 * handler never starves the node; an abandoned push request is cancelled.
 *
 * <p>Outcomes go to the store fenced by execution id; an outcome the store could not take (outage)
 * waits in {@code unrecorded} and is retried by {@link #retryUnrecorded()} from the rescuer loop.
 */
final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.Chronos");
  private static final int MAX_BATCH = 256;
  private static final int MAX_ERROR_LENGTH = 4000;

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
  private final DelayQueue<Running> deadlines = new DelayQueue<>();
  private final ConcurrentHashMap<UUID, Running> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<ExecutionOutcome> unrecorded = new ConcurrentLinkedQueue<>();

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
      PushSender push) {
    this.lane = lane;
    this.slots = slots;
    this.push = push;
    this.settings = settings;
    this.store = settings.store();
    this.clock = settings.clock();
    this.events = events;
    this.health = health;
    this.queue = queue;
    this.requeue = requeue;
    this.permits = new Semaphore(slots);
    this.workers = settings.inlineHandlers() ? null : newWorkerPool();
  }

  private static ExecutorService newWorkerPool() {
    AtomicInteger n = new AtomicInteger();
    // Unbounded threads, bounded work: the permits cap how many attempts run; a thread stuck in a
    // handler that ignores interrupts is left behind and a new one serves the next attempt.
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "chronos-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  void start() {
    dispatcherThread = daemon(lane + "-dispatcher", this::dispatchLoop);
    timeoutThread = daemon(lane + "-timeouts", this::timeoutLoop);
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  // ---- claiming ---------------------------------------------------------------------------------

  private void dispatchLoop() {
    while (claiming) {
      try {
        permits.acquire();
      } catch (InterruptedException e) {
        return;
      }
      DueQueue.Entry first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        permits.release();
        return;
      }
      if (first == null) { // woken to stop
        permits.release();
        continue;
      }
      List<DueQueue.Entry> batch = new ArrayList<>();
      batch.add(first);
      int drained = permits.drainPermits();
      List<DueQueue.Entry> more = queue.drainDue(Math.min(drained, MAX_BATCH - 1));
      batch.addAll(more);
      permits.release(drained - more.size());
      dispatch(batch);
    }
  }

  /** Tests: claims and starts everything due now. Returns how many entries were due. */
  int step() {
    expireDue();
    int drained = permits.drainPermits();
    List<DueQueue.Entry> due = queue.drainDue(Math.min(drained, MAX_BATCH));
    permits.release(drained - due.size());
    if (!due.isEmpty()) {
      dispatch(due);
    }
    return due.size();
  }

  /**
   * Claims the entries (one permit already held for each) and starts what was claimed. Never
   * throws: every permit is returned or handed to a started attempt.
   */
  private void dispatch(List<DueQueue.Entry> batch) {
    if (!claiming) {
      permits.release(batch.size());
      return;
    }
    Instant now = now();
    List<UUID> ids = new ArrayList<>(batch.size());
    for (DueQueue.Entry e : batch) {
      ids.add(e.id);
    }
    List<Attempt> claimed;
    try {
      claimed = store.claim(ids, settings.nodeId(), now, settings.leaseGrace());
      health.ok();
    } catch (Throwable e) {
      permits.release(batch.size());
      health.failed("claim", e);
      Instant later = now.plus(settings.pollInterval());
      for (DueQueue.Entry entry : batch) {
        queue.offer(entry.id, later);
      }
      return;
    }
    permits.release(batch.size() - claimed.size());
    for (Attempt a : claimed) {
      try {
        begin(a);
      } catch (Throwable t) {
        log.error("Could not start execution {}; giving the job back", a.execution().id(), t);
        Running r = inFlight.get(a.execution().id());
        if (r == null) {
          r = new Running(a, null, now);
          inFlight.put(a.execution().id(), r);
        }
        release(r, "node " + settings.nodeId() + " could not start it: " + describe(t));
      }
    }
  }

  private void begin(Attempt a) {
    Job job = a.job();
    Execution ex = a.execution();
    if (job.delivery() instanceof Delivery.Push) {
      beginPush(a);
      return;
    }
    JobHandler handler = job.handler() == null ? null : settings.handlers().get(job.handler());
    Running r = new Running(a, handler, ex.startedAt().plus(job.timeout()));
    inFlight.put(ex.id(), r);
    if (handler == null) {
      // Claimed by id, but this node has no handler for it (any more): give it back at once.
      release(r, "no handler '" + job.handler() + "' on node " + settings.nodeId());
      return;
    }
    deadlines.add(r);
    events.started(a);
    if (workers == null) {
      r.run();
      return;
    }
    try {
      workers.execute(r);
    } catch (RejectedExecutionException e) {
      release(r, "node " + settings.nodeId() + " is shutting down");
    }
  }

  private void beginPush(Attempt a) {
    Execution ex = a.execution();
    Running r = new Running(a, null, ex.startedAt().plus(a.job().timeout()));
    inFlight.put(ex.id(), r);
    if (push == null) {
      release(r, "push delivery is off on node " + settings.nodeId());
      return;
    }
    deadlines.add(r);
    events.started(a);
    PushSender.Call call = push.send(a, this::retryAt);
    r.attach(call);
    CompletableFuture<Void> recorded =
        call.outcome.handle(
            (outcome, error) -> {
              if (outcome != null) {
                r.finish(outcome);
              } else if (!(error instanceof CancellationException)) {
                r.finish(
                    ExecutionOutcome.failed(
                        r.executionId(), describe(error), retryAt(ex.attempt())));
              } // cancelled: whoever cancelled it ended the attempt
              return null;
            });
    if (settings.inlineHandlers()) {
      recorded.join();
    }
  }

  /** Gives an attempt's job back without using a retry, if nothing else ended the attempt. */
  private void release(Running r, String reason) {
    if (r.done.compareAndSet(false, true)) {
      deadlines.remove(r);
      r.interrupt();
      end(r, ExecutionOutcome.released(r.executionId(), reason, now()));
    }
  }

  // ---- running ----------------------------------------------------------------------------------

  /**
   * One attempt in flight: runs the handler (or holds the push request), and is the entry of the
   * deadline queue.
   */
  final class Running implements Runnable, Delayed {
    final Attempt attempt;
    final JobHandler handler;
    final Instant deadline;

    /**
     * Set once by whoever ends the attempt: the handler, the push answer, the deadline, shutdown.
     */
    final AtomicBoolean done = new AtomicBoolean();

    /** The thread running the handler; guarded by {@code this}. */
    private Thread thread;

    /** The push request in flight; guarded by {@code this}. */
    private PushSender.Call call;

    Running(Attempt attempt, JobHandler handler, Instant deadline) {
      this.attempt = attempt;
      this.handler = handler;
      this.deadline = deadline;
    }

    UUID executionId() {
      return attempt.execution().id();
    }

    @Override
    public void run() {
      synchronized (this) {
        if (done.get()) {
          return;
        }
        thread = Thread.currentThread();
      }
      ExecutionOutcome outcome;
      try {
        Object result = handler.handle(new HandlerContext(attempt, deadline));
        outcome = ExecutionOutcome.completed(executionId(), resultTree(result));
      } catch (Throwable t) {
        outcome =
            ExecutionOutcome.failed(
                executionId(), describe(t), retryAt(attempt.execution().attempt()));
        if (t instanceof InterruptedException || done.get()) {
          log.debug(
              "Handler of execution {} ended after interruption: {}", executionId(), t.toString());
        }
      } finally {
        synchronized (this) {
          thread = null;
        }
        Thread.interrupted(); // an interrupt meant for this attempt must not leak to the next one
      }
      finish(outcome);
    }

    /** Ends the attempt with this outcome unless the deadline or shutdown ended it first. */
    void finish(ExecutionOutcome outcome) {
      if (done.compareAndSet(false, true)) {
        deadlines.remove(this);
        end(this, outcome);
      } else {
        log.info(
            "Job {} attempt {} finished after it had timed out or was released; its result is ignored",
            attempt.job().id(),
            attempt.execution().attempt());
      }
    }

    /** Remembers the push request so that {@link #interrupt()} can abandon it. */
    void attach(PushSender.Call pushCall) {
      boolean ended;
      synchronized (this) {
        call = pushCall;
        ended = done.get();
      }
      if (ended) {
        pushCall.cancel();
      }
    }

    /** Interrupts the handler's thread, or abandons the push request. */
    void interrupt() {
      PushSender.Call c;
      synchronized (this) {
        if (thread != null) {
          thread.interrupt();
        }
        c = call;
      }
      if (c != null) {
        c.cancel();
      }
    }

    private JsonNode resultTree(Object result) {
      try {
        return Json.toTree(result);
      } catch (IllegalArgumentException e) {
        // The work is done: do not run it again because its result cannot be stored as JSON.
        log.warn(
            "Result of job {} is not JSON-serializable ({}); storing its text instead",
            attempt.job().id(),
            e.getMessage());
        return TextNode.valueOf(String.valueOf(result));
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), deadline));
    }

    @Override
    public int compareTo(Delayed o) {
      return deadline.compareTo(((Running) o).deadline);
    }
  }

  /** When a job may run again after this attempt failed. */
  Instant retryAt(int failedAttempt) {
    return now().plus(settings.backoff().delayAfter(failedAttempt)).truncatedTo(ChronoUnit.MICROS);
  }

  static String describe(Throwable t) {
    String text =
        t.getMessage() == null
            ? t.getClass().getName()
            : t.getClass().getName() + ": " + t.getMessage();
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }

  // ---- timeouts ---------------------------------------------------------------------------------

  private void timeoutLoop() {
    while (true) {
      Running r;
      try {
        r = deadlines.take();
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
    Running r;
    while ((r = deadlines.poll()) != null) {
      timeOut(r);
    }
  }

  private void timeOut(Running r) {
    if (!r.done.compareAndSet(false, true)) {
      return;
    }
    r.interrupt();
    Job job = r.attempt.job();
    String what =
        job.delivery() instanceof Delivery.Push
            ? "; the push request was abandoned"
            : "; the handler was interrupted";
    end(
        r,
        ExecutionOutcome.timedOut(
            r.executionId(),
            "timed out after " + job.timeout().toSeconds() + " s" + what,
            retryAt(r.attempt.execution().attempt())));
  }

  /** The rescuer found this node's own execution with an ended lease: end it here too. */
  boolean timeOutIfRunningHere(UUID executionId) {
    Running r = inFlight.get(executionId);
    if (r == null) {
      return false;
    }
    deadlines.remove(r);
    timeOut(r);
    return true;
  }

  // ---- outcomes ---------------------------------------------------------------------------------

  /** Records the outcome of an attempt this node ended, and frees its permit. Called once. */
  private void end(Running r, ExecutionOutcome outcome) {
    try {
      record(outcome);
    } finally {
      inFlight.remove(r.executionId());
      permits.release();
    }
  }

  private void record(ExecutionOutcome outcome) {
    try {
      store
          .finish(outcome, now())
          .ifPresentOrElse(
              this::finished,
              () ->
                  log.info(
                      "Execution {} no longer held its lease; its outcome ({}) was not recorded",
                      outcome.executionId(),
                      outcome.status().json()));
      health.ok();
    } catch (RuntimeException e) {
      health.failed("recording the outcome of execution " + outcome.executionId(), e);
      unrecorded.add(outcome);
    }
  }

  /** Reports a stored outcome and queues the job again if it will be retried here. */
  void finished(Attempt after) {
    events.finished(after);
    requeue.accept(after.job());
  }

  /** Retries outcomes the store could not take earlier; stops at the first new failure. */
  void retryUnrecorded() {
    ExecutionOutcome outcome;
    while ((outcome = unrecorded.peek()) != null) {
      Instant now = now();
      var result = store.finish(outcome, now);
      unrecorded.remove(outcome);
      result.ifPresent(this::finished);
    }
  }

  // ---- shutdown ---------------------------------------------------------------------------------

  /**
   * Stops claiming new jobs; attempts already started go on. The dispatcher is woken rather than
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
    try {
      t.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    join(t);
  }

  /** Waits until no attempt runs here, up to the timeout. */
  boolean awaitIdle(Duration timeout) {
    int all = slots;
    try {
      if (permits.tryAcquire(all, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        permits.release(all);
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Interrupts every attempt still running and gives its job back for another node. */
  void releaseAll() {
    for (Running r : List.copyOf(inFlight.values())) {
      release(r, "released: node " + settings.nodeId() + " shut down before the handler finished");
    }
  }

  /** Stops the timeout thread and the worker pool; handlers that ignore interrupts are left. */
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
