package dev.chronos.internal;

import dev.chronos.Chronos;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobNotFoundException;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.JobValidationException;
import dev.chronos.JobValidationException.FieldError;
import dev.chronos.Page;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node: the implementation behind {@link Chronos}.
 *
 * <p>Design: three loops share the store and the node's {@link DueQueue}. The {@link Dispatcher}
 * ({@code chronos-dispatcher}, plus {@code chronos-timeouts} and the workers) claims and runs due
 * jobs; the {@link Feeder} ({@code chronos-feeder}) loads jobs due within the look-ahead window
 * from the store; the {@link Rescuer} ({@code chronos-rescuer}) ends executions whose lease ran
 * out. Submits on this node queue their job directly when it is due within the window, so a job due
 * now starts without waiting for a poll. The engine reads every time from the injected {@link
 * Clock}.
 *
 * <p>Without {@link #start()}, nothing runs by itself: {@link #runDue()} does one round of all
 * three loops on the caller's thread, which is how tests drive a {@code MutableClock}.
 *
 * <p>Lifecycle: {@code NEW → STARTED → CLOSED} (or {@code NEW → CLOSED}), held in {@code state}.
 */
public final class ChronosEngine implements Chronos {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.Chronos");

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private final EngineSettings settings;
  private final JobStore store;
  private final Clock clock;
  private final JobSelector selector;
  private final Events events;
  private final DueQueue queue;
  private final Dispatcher dispatcher;
  private final Feeder feeder;
  private final Rescuer rescuer;
  private final DueQueue scheduleTimetable;
  private final ScheduleService schedules;
  private Thread schedulerThread;

  /** Changed only under this object's monitor (start, close); read anywhere. */
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

  private volatile Loop feederLoop;
  private volatile Loop rescuerLoop;
  private AutoCloseable wakeUps;

  /**
   * Creates a node from checked settings; {@link dev.chronos.ChronosBuilder} is the way to call
   * this.
   *
   * @param settings the node's settings
   */
  public ChronosEngine(EngineSettings settings) {
    this.settings = settings;
    this.store = settings.store();
    this.clock = settings.clock();
    this.selector = JobSelector.handlers(settings.handlers().keySet());
    this.events = new Events(settings.listeners());
    StoreHealth health = new StoreHealth(clock, store.describe());
    // After an outage, every loop looks at once instead of at the end of its back-off.
    health.onRecovery(this::wakeLoops);
    this.queue = new DueQueue(clock, settings.maxQueueSize(), this::wakeFeeder);
    this.dispatcher = new Dispatcher(settings, events, health, queue, this::queueIfLocal);
    this.feeder = new Feeder(store, clock, selector, settings.lookahead(), queue, health);
    this.rescuer = new Rescuer(store, clock, dispatcher, health);
    this.scheduleTimetable = new DueQueue(clock, settings.maxQueueSize(), this::wakeFeeder);
    this.schedules =
        new ScheduleService(
            store,
            clock,
            settings.lookahead(),
            scheduleTimetable,
            events,
            this::queueIfLocal,
            this::ensureOpen);
  }

  @Override
  public synchronized Chronos start() {
    if (!state.compareAndSet(State.NEW, State.STARTED)) {
      throw new IllegalStateException(
          "Chronos node " + settings.nodeId() + " is already " + state.get().name().toLowerCase());
    }
    dispatcher.start();
    feederLoop = new Loop("chronos-feeder", settings.pollInterval(), this::feedOnce);
    rescuerLoop = new Loop("chronos-rescuer", settings.pollInterval(), rescuer::rescueOnce);
    feederLoop.start();
    rescuerLoop.start();
    schedulerThread = new Thread(schedules::loop, "chronos-scheduler");
    schedulerThread.setDaemon(true);
    schedulerThread.start();
    wakeUps = store.subscribe(feederLoop::wake);
    log.info(
        "Chronos node {} started on {} with handlers {} ({} worker threads)",
        settings.nodeId(),
        store.describe(),
        settings.handlers().keySet(),
        settings.workerThreads());
    return this;
  }

  private void feedOnce() {
    feeder.loadOnce();
    schedules.loadDue();
  }

  private void wakeLoops() {
    wakeFeeder();
    Loop loop = rescuerLoop;
    if (loop != null) {
      loop.wake();
    }
  }

  private void wakeFeeder() {
    Loop loop = feederLoop;
    if (loop != null) {
      loop.wake();
    }
  }

  /**
   * Tests: runs one round of the feeder, the rescuer, the timeouts and the dispatcher on the
   * caller's thread, repeating while jobs fall due (a retry with no backoff, say), up to 1,000
   * rounds. With inline handlers every due job has run when this returns.
   */
  public void runDue() {
    for (int round = 0; round < 1000; round++) {
      feedOnce();
      rescuer.rescueOnce();
      int fired = schedules.step();
      if (dispatcher.step() == 0 && fired == 0) {
        return;
      }
    }
  }

  /**
   * Tests: how many attempts are running on this node.
   *
   * @return the number of attempts in flight
   */
  public int running() {
    return dispatcher.running();
  }

  /**
   * Tests: how many worker threads are inside a handler, including handlers that ignored their
   * timeout's interrupt and still run.
   *
   * @return busy worker threads
   */
  public int busyWorkerThreads() {
    return dispatcher.busyThreads();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private void ensureOpen() {
    if (state.get() == State.CLOSED) {
      throw new IllegalStateException("Chronos node " + settings.nodeId() + " is closed");
    }
  }

  // ---- submitting -------------------------------------------------------------------------------

  @Override
  public Job submit(JobRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    Instant now = now();
    JobRequestValidation.requireNotPast(request, now);
    Job job = newJob(request, now);
    store.insert(job);
    events.submitted(job);
    queueIfLocal(job);
    return job;
  }

  @Override
  public List<Job> submitAll(List<JobRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    ensureOpen();
    Instant now = now();
    List<FieldError> errors = new ArrayList<>();
    List<Job> jobs = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      JobRequest request = requests.get(i);
      if (request == null) {
        errors.add(new FieldError("[" + i + "]", "is required"));
        continue;
      }
      try {
        JobRequestValidation.requireNotPast(request, now);
        jobs.add(newJob(request, now));
      } catch (JobValidationException e) {
        for (FieldError error : e.errors()) {
          errors.add(new FieldError("[" + i + "]." + error.field(), error.message()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new JobValidationException(errors);
    }
    if (jobs.isEmpty()) {
      return List.of();
    }
    store.insertAll(jobs);
    for (Job job : jobs) {
      events.submitted(job);
      queueIfLocal(job);
    }
    return List.copyOf(jobs);
  }

  private static Job newJob(JobRequest r, Instant now) {
    Instant runAt =
        r.delay()
            .map(d -> now.plus(d.toDuration()))
            .or(() -> r.scheduledFor().map(t -> t.truncatedTo(ChronoUnit.MICROS)))
            .orElse(now);
    return new Job(
        UUID.randomUUID(),
        r.account(),
        r.name(),
        r.handler(),
        r.payload(),
        JobStatus.PENDING,
        runAt,
        runAt,
        now,
        now,
        0,
        r.maxRetries(),
        r.timeout(),
        r.delivery(),
        r.idempotencyKey().orElse(null),
        null,
        null,
        null);
  }

  /** Queues a runnable job this node delivers when it is due within the look-ahead window. */
  private void queueIfLocal(Job job) {
    if (state.get() == State.CLOSED || !job.status().isRunnable() || !selector.matches(job)) {
      return;
    }
    if (!job.runAt().isAfter(clock.instant().plus(settings.lookahead()))) {
      queue.offer(job.id(), job.runAt());
    }
  }

  // ---- reading and cancelling ------------------------------------------------------------------

  @Override
  public Optional<Job> job(UUID jobId) {
    return job(JobRequest.DEFAULT_ACCOUNT, jobId);
  }

  @Override
  public Optional<Job> job(String account, UUID jobId) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(jobId, "jobId");
    return store.find(jobId).filter(j -> j.account().equals(account));
  }

  @Override
  public Page<Job> jobs(JobQuery query) {
    return store.query(Objects.requireNonNull(query, "query"));
  }

  @Override
  public Job cancel(UUID jobId) {
    return cancel(JobRequest.DEFAULT_ACCOUNT, jobId);
  }

  @Override
  public Job cancel(String account, UUID jobId) {
    ensureOpen();
    job(account, jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    Job cancelled = store.cancel(jobId, now());
    events.cancelled(cancelled);
    return cancelled;
  }

  @Override
  public List<Execution> executions(UUID jobId) {
    return executions(JobRequest.DEFAULT_ACCOUNT, jobId);
  }

  @Override
  public List<Execution> executions(String account, UUID jobId) {
    job(account, jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    return store.executions(jobId);
  }

  @Override
  public dev.chronos.Schedules schedules() {
    return schedules;
  }

  @Override
  public String nodeId() {
    return settings.nodeId();
  }

  // ---- shutdown ---------------------------------------------------------------------------------

  @Override
  public synchronized void close() {
    State previous = state.getAndSet(State.CLOSED);
    if (previous == State.CLOSED) {
      return;
    }
    if (wakeUps != null) {
      try {
        wakeUps.close();
      } catch (Exception e) {
        log.debug("Closing the store subscription failed", e);
      }
    }
    if (feederLoop != null) {
      feederLoop.stop();
      rescuerLoop.stop();
    }
    if (schedulerThread != null) {
      schedules.wakeUp();
      try {
        schedulerThread.join(java.util.concurrent.TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      schedulerThread.interrupt();
    }
    dispatcher.stopClaiming();
    if (!dispatcher.awaitIdle(settings.shutdownTimeout())) {
      log.warn(
          "{} handler(s) still running after {}; interrupting them and giving their jobs back",
          dispatcher.running(),
          settings.shutdownTimeout());
    }
    dispatcher.releaseAll();
    // Outcomes being recorded by workers finish before the store closes; then retry any the
    // store refused during an outage.
    dispatcher.awaitIdle(Duration.ofSeconds(5));
    try {
      dispatcher.retryUnrecorded();
    } catch (RuntimeException e) {
      log.warn("Some outcomes could not be recorded before shutdown; their leases will expire", e);
    }
    dispatcher.shutdown();
    queue.clear();
    scheduleTimetable.clear();
    try {
      store.close();
    } catch (Exception e) {
      log.warn("Closing store {} failed", store.describe(), e);
    }
    if (previous == State.STARTED) {
      log.info("Chronos node {} stopped", settings.nodeId());
    }
  }

  @Override
  public String toString() {
    return "Chronos{node="
        + settings.nodeId()
        + ", store="
        + store.describe()
        + ", state="
        + state.get()
        + "}";
  }
}
