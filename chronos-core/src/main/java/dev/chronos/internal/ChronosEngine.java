package dev.chronos.internal;

import dev.chronos.Chronos;
import dev.chronos.ChronosStats;
import dev.chronos.Delivery;
import dev.chronos.Execution;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobNotFoundException;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.JobValidationException;
import dev.chronos.OnConflict;
import dev.chronos.Page;
import dev.chronos.PullWorker;
import dev.chronos.Submission;
import dev.chronos.ValidationException;
import dev.chronos.ValidationException.FieldError;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.DueSignal;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.PageCursor;
import dev.chronos.spi.PayloadFingerprint;
import dev.chronos.spi.TransactionalJobStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.slf4j.Logger;

/**
 * One node: the implementation behind {@link Chronos}.
 *
 * <p>Design: three loops share the store and the node's {@link DueQueue}s. The {@link Dispatcher}s
 * claim and run due jobs, one per lane: in-process handlers ({@code chronos-dispatcher}, plus
 * {@code chronos-timeouts} and the workers) and push delivery ({@code chronos-push-dispatcher},
 * {@code chronos-push-timeouts}, requests answered on {@code chronos-push-N}), each lane with its
 * own queue and permits. The {@link Feeder}s ({@code chronos-feeder}) load jobs due within the
 * look-ahead window from the store, for each lane and for the {@link PullWaiters} of pull workers
 * waiting in a long-poll ({@code chronos-pull-timer} wakes them). The {@link Rescuer} ({@code
 * chronos-rescuer}) ends executions whose lease ran out, pull leases included. Submits on this node
 * queue their job directly when it is due within the window, so a job due now starts without
 * waiting for a poll. The engine reads every time from the injected {@link Clock}.
 *
 * <p>Without {@link #start()}, nothing runs by itself: {@link #runDue()} does one round of all
 * loops on the caller's thread, which is how tests drive a {@code MutableClock}.
 *
 * <p>Lifecycle: {@code NEW → STARTED → CLOSED} (or {@code NEW → CLOSED}), held in {@code state}.
 */
public final class ChronosEngine implements Chronos {
  private static final Logger log = Loggers.NODE;

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private final EngineSettings settings;
  private final JobStore store;
  private final Clock clock;
  private final JobSelector selector;

  /** Handlers paused on this node: left out of feeding, claiming and this node's pull workers. */
  private final HandlerPauses pauses = new HandlerPauses();

  /** Handlers paused whose queued jobs the next feeder round takes out of the queue. */
  private final Queue<String> unqueuePaused = new ConcurrentLinkedQueue<>();

  private final Events events;
  private final DueQueue queue;
  private final Dispatcher dispatcher;
  private final Feeder feeder;

  /** The push lane's queue and feeder; null when push delivery is off on this node. */
  private final DueQueue pushQueue;

  private final Feeder pushFeeder;

  /** The handler lane's dispatcher, then the push lane's if push delivery is on. */
  private final List<Dispatcher> lanes;

  private final PullWaiters pullWaiters;

  /** Keeps reconcile apart from claims in progress. */
  private final ClaimFence fence = new ClaimFence();

  /** Executions claimed by pull workers named as this node; reconcile leaves them alone. */
  private final Set<UUID> nodePullClaims = ConcurrentHashMap.newKeySet();

  private final Rescuer rescuer;
  private final DueQueue scheduleTimetable;
  private final ScheduleService schedules;
  private final NodeMaintenance maintenance;
  private Thread schedulerThread;

  /** Changed only under this object's monitor (start, close); read anywhere. */
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

  /**
   * Queues jobs stored in callers' transactions once they commit, for a store that does not
   * announce commits; it watches for one poll interval, at most 10 s.
   */
  private final CommitWatch commitWatch;

  private volatile Loop feederLoop;

  /** Whether the store's filter accepted a signal since its last wake-up callback. */
  private final java.util.concurrent.atomic.AtomicBoolean signalAccepted =
      new java.util.concurrent.atomic.AtomicBoolean();

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
    this.dispatcher =
        new Dispatcher(
            "chronos",
            settings.workerThreads(),
            settings,
            events,
            health,
            queue,
            this::queueIfLocal,
            null,
            fence,
            pauses);
    this.feeder =
        new Feeder(
            store,
            clock,
            () -> pauses.without(selector),
            settings.lookahead(),
            settings.pollInterval(),
            queue,
            health,
            dispatcher::contended);
    if (settings.push().enabled()) {
      this.pushQueue = new DueQueue(clock, settings.maxQueueSize(), this::wakeFeeder);
      Dispatcher pushDispatcher =
          new Dispatcher(
              "chronos-push",
              settings.push().concurrency(),
              settings,
              events,
              health,
              pushQueue,
              this::queueIfLocal,
              new PushSender(settings),
              fence,
              pauses);
      JobSelector push = new JobSelector(Set.of(), true);
      this.pushFeeder =
          new Feeder(
              store,
              clock,
              () -> push,
              settings.lookahead(),
              settings.pollInterval(),
              pushQueue,
              health,
              pushDispatcher::contended);
      this.lanes = List.of(dispatcher, pushDispatcher);
    } else {
      this.pushQueue = null;
      this.pushFeeder = null;
      this.lanes = List.of(dispatcher);
    }
    this.pullWaiters =
        new PullWaiters(store, clock, settings.lookahead(), settings.maxQueueSize(), health);
    this.rescuer =
        new Rescuer(store, clock, lanes, health, settings.nodeId(), fence, nodePullClaims);
    this.maintenance = new NodeMaintenance(settings, health);
    this.commitWatch =
        new CommitWatch(
            store,
            (int)
                Math.max(
                    1,
                    Math.min(settings.pollInterval().toMillis(), CommitWatch.MAX_WATCH_MILLIS)
                        / CommitWatch.STEP_MILLIS),
            this::queueIfLocal);
    this.scheduleTimetable = new DueQueue(clock, settings.maxQueueSize(), this::wakeFeeder);
    this.schedules =
        new ScheduleService(
            store,
            clock,
            settings.lookahead(),
            scheduleTimetable,
            events,
            this::queueIfLocal,
            this::ensureOpen,
            this::requireDeliverable);
  }

  @Override
  public synchronized Chronos start() {
    if (state.get() != State.NEW) {
      throw new IllegalStateException(
          "Chronos node " + settings.nodeId() + " is already " + state.get().name().toLowerCase());
    }
    // Refused (NodeIdInUseException) while another live node holds the id; the node stays NEW.
    maintenance.registry().register();
    state.set(State.STARTED);
    events.start();
    for (Dispatcher lane : lanes) {
      lane.start();
    }
    pullWaiters.start();
    feederLoop =
        new Loop("chronos-feeder", Loggers.DISPATCHER, settings.pollInterval(), this::feedOnce);
    rescuerLoop =
        new Loop("chronos-rescuer", Loggers.RESCUER, settings.pollInterval(), this::rescueOnce);
    feederLoop.start();
    rescuerLoop.start();
    schedulerThread = DaemonThreads.start("chronos-scheduler", schedules::loop);
    commitWatch.start();
    wakeUps = store.subscribe(this::wantsWakeUp, this::wokenByStore);
    PushSettings push = settings.push();
    log.info(
        "Chronos node {} started on {} with handlers {} ({} worker threads), push delivery {}",
        settings.nodeId(),
        store.describe(),
        settings.handlers().keySet(),
        settings.workerThreads(),
        push.enabled()
            ? "on ("
                + push.concurrency()
                + " in flight, "
                + push.policy()
                + (push.signed() ? ", signed" : ", unsigned")
                + ")"
            : "off");
    return this;
  }

  /**
   * One round of the feeders: the jobs of handlers paused since the last round out of the queue,
   * each lane's window, the schedules, then the pull workers' groups.
   */
  private void feedOnce() {
    unqueuePaused();
    feeder.loadOnce();
    if (pushFeeder != null) {
      pushFeeder.loadOnce();
    }
    schedules.loadDue();
    pullWaiters.loadOnce();
  }

  /**
   * Takes the queued jobs of handlers paused since the last round out of the handler lane's queue,
   * and only those: the store says which of the queued jobs are theirs (the queue holds ids and
   * times, not handlers), and the other handlers' jobs keep their entries and times, also when the
   * store cannot be read now. A read that fails is tried again next round; meanwhile a paused job
   * the dispatcher claims is given back unstarted. Runs on the feeder's thread, so that {@link
   * #pause} never waits for the store.
   */
  private void unqueuePaused() {
    for (String handler; (handler = unqueuePaused.poll()) != null; ) {
      if (!pauses.isPaused(handler) || !selector.handlers().contains(handler)) {
        continue; // resumed meanwhile, or never queued here
      }
      List<DueJob> theirs;
      try {
        theirs =
            store.findDue(
                JobSelector.handlers(Set.of(handler)),
                clock.instant().plus(settings.lookahead()),
                queue.maxSize());
      } catch (RuntimeException e) {
        // The feeder's own read reports the store's health; try again at the next round.
        unqueuePaused.add(handler);
        log.debug("Could not read the queued jobs of paused handler '{}' yet", handler, e);
        return;
      }
      queue.forget(theirs.stream().map(DueJob::id).toList());
    }
  }

  /**
   * Whether a store's wake-up is for this node: jobs it delivers (its handlers, push when enabled,
   * the handlers remote workers wait for here) due within its look-ahead. A job due later is read
   * by a regular poll before it is due.
   */
  private boolean wantsWakeUp(DueSignal signal) {
    if (signal.runAt().isAfter(clock.instant().plus(settings.lookahead()))) {
      return false;
    }
    if (signal.push()) {
      if (pushFeeder == null) {
        return false;
      }
      pushFeeder.signalled(signal.runAt());
      signalAccepted.set(true);
      return true;
    }
    boolean mine = selector.handlers().contains(signal.handler());
    if (mine) {
      feeder.signalled(signal.runAt());
    }
    if (mine || pullWaiters.waitsFor(signal.handler())) {
      signalAccepted.set(true);
      return true;
    }
    return false;
  }

  /**
   * The store's wake-up: after accepted signals the feeders read from the signals' due times; a
   * wake-up that follows no accepted signal did not say what became due, so they read everything.
   */
  private void wokenByStore() {
    if (!signalAccepted.getAndSet(false)) {
      feeder.readAllNext();
      if (pushFeeder != null) {
        pushFeeder.readAllNext();
      }
    }
    wakeFeeder();
  }

  /** One round of the rescuer loop: expired leases, then heartbeat, warnings and retention. */
  private void rescueOnce() {
    try {
      rescuer.rescueOnce();
    } finally {
      maintenance.runOnce();
    }
  }

  private void wakeLoops() {
    if (maintenance.registry().holdsId()) {
      rescuer.reconcileSoon(); // claims whose reply the outage swallowed are given back at once
    }
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
      rescueOnce();
      pullWaiters.fireDue();
      int started = schedules.step();
      for (Dispatcher lane : lanes) {
        started += lane.step();
      }
      if (started == 0) {
        return;
      }
    }
  }

  /**
   * Tests: how many attempts are running on this node, push requests included.
   *
   * @return the number of attempts in flight
   */
  public int running() {
    int running = 0;
    for (Dispatcher lane : lanes) {
      running += lane.running();
    }
    return running;
  }

  /**
   * Tests: how many pull workers wait in a long-poll on this node.
   *
   * @return the waiting claims
   */
  public int pullWaiting() {
    return pullWaiters.waiting();
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

  @Override
  public ChronosStats stats() {
    return EngineStats.snapshot(clock.instant(), lanes, events, pauses.names());
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
    Optional<Job> replayed = timeCheckedOrHolder(request, now, store::findByIdempotencyKey);
    if (replayed.isPresent()) {
      throw new IdempotencyKeyConflictException(
          request.account(), request.idempotencyKey().orElseThrow(), replayed.get().id());
    }
    requireDeliverable(request);
    Job job = newJob(request, now);
    store.insert(job);
    events.submitted(job);
    queueIfLocal(job);
    return job;
  }

  @Override
  public Submission submit(JobRequest request, OnConflict onConflict) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(onConflict, "onConflict");
    if (onConflict == OnConflict.FAIL || request.idempotencyKey().isEmpty()) {
      return new Submission(submit(request), true);
    }
    ensureOpen();
    Instant now = now();
    Optional<Job> replayed = timeCheckedOrHolder(request, now, store::findByIdempotencyKey);
    if (replayed.isPresent()) {
      return new Submission(matchingHolder(request, replayed.get(), onConflict), false);
    }
    requireDeliverable(request);
    Job job = newJob(request, now);
    Optional<Job> existing =
        store.insertIfAbsent(job, onConflict == OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD);
    if (existing.isPresent()) {
      return new Submission(existing.get(), false);
    }
    events.submitted(job);
    queueIfLocal(job);
    return new Submission(job, true);
  }

  @Override
  public Job submit(Connection connection, JobRequest request) {
    Submission s = submitInTransaction(connection, request, OnConflict.FAIL);
    return s.job();
  }

  @Override
  public Submission submit(Connection connection, JobRequest request, OnConflict onConflict) {
    Objects.requireNonNull(onConflict, "onConflict");
    return submitInTransaction(connection, request, onConflict);
  }

  /**
   * Writes the job with the caller's connection, in its transaction, as one get-or-create statement
   * (a plain keyed submit that finds its key taken throws from the holder the statement returned,
   * so the caller's transaction is not aborted). Nothing is queued here before the commit: with
   * auto-commit on the write is already committed and the job is queued at once; otherwise the
   * store's commit announcement (NOTIFY) or the {@link CommitWatch} queues it.
   */
  private Submission submitInTransaction(
      Connection connection, JobRequest request, OnConflict onConflict) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(request, "request");
    TransactionalJobStore tx = transactional();
    ensureOpen();
    Instant now = now();
    Optional<Job> replayed =
        timeCheckedOrHolder(
            request, now, (account, key) -> tx.findByIdempotencyKey(connection, account, key));
    if (replayed.isPresent()) {
      if (onConflict == OnConflict.FAIL) {
        throw new IdempotencyKeyConflictException(
            request.account(), request.idempotencyKey().orElseThrow(), replayed.get().id());
      }
      return new Submission(matchingHolder(request, replayed.get(), onConflict), false);
    }
    requireDeliverable(request);
    boolean autoCommit = autoCommit(connection);
    Job job = newJob(request, now);
    Optional<Job> holder =
        tx.insertIfAbsent(
            connection, job, onConflict == OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD);
    if (holder.isPresent()) {
      if (onConflict == OnConflict.FAIL) {
        throw new IdempotencyKeyConflictException(
            job.account(), job.idempotencyKey(), holder.get().id());
      }
      return new Submission(holder.get(), false);
    }
    events.submitted(job);
    if (autoCommit) {
      queueIfLocal(job);
    } else if (!tx.announcesCommits() && wantsLocally(job)) {
      commitWatch.watch(job);
    }
    return new Submission(job, true);
  }

  /**
   * Checks the request's absolute time ({@code scheduled_for}) against the clock, and lets a replay
   * through. A time that has passed is no error for a request whose idempotency key a job already
   * holds: it is the replay of a submit that was in time (a webhook delivered again, a client
   * trying again after a lost reply), and the holder answers it as it would have before the time
   * passed. The key is looked up only when the time check fails, so a submit in time costs nothing
   * more; a new job with a past time is refused as before.
   *
   * @param lookup finds the holder of {@code (account, key)}
   * @return the holder when the time check failed and the key is held; empty when the time is fine
   * @throws JobValidationException when the time is wrong and no job holds the key
   */
  private static Optional<Job> timeCheckedOrHolder(
      JobRequest request, Instant now, BiFunction<String, String, Optional<Job>> lookup) {
    try {
      JobRequestValidation.requireNotPast(request, now);
      return Optional.empty();
    } catch (JobValidationException e) {
      Optional<Job> holder =
          request.idempotencyKey().flatMap(key -> lookup.apply(request.account(), key));
      if (holder.isEmpty()) {
        throw e;
      }
      return holder;
    }
  }

  /**
   * The holder found for a replay, as {@code insertIfAbsent} would answer: with {@link
   * OnConflict#RETURN_EXISTING_IF_SAME_PAYLOAD}, a holder whose payload differs is the conflict.
   */
  private static Job matchingHolder(JobRequest request, Job holder, OnConflict onConflict) {
    if (onConflict == OnConflict.RETURN_EXISTING_IF_SAME_PAYLOAD
        && !PayloadFingerprint.of(request.payload())
            .equals(PayloadFingerprint.of(holder.payload()))) {
      throw new IdempotencyKeyConflictException(
          request.account(), request.idempotencyKey().orElseThrow(), holder.id());
    }
    return holder;
  }

  /** The store's transactional capability, or a clear refusal naming the store. */
  private TransactionalJobStore transactional() {
    if (store instanceof TransactionalJobStore tx) {
      return tx;
    }
    throw new UnsupportedOperationException(
        "The job store "
            + store.describe()
            + " ("
            + store.getClass().getName()
            + ") cannot write in a caller's transaction: it does not implement "
            + TransactionalJobStore.class.getName()
            + ". Use a JdbcJobStore (H2, PostgreSQL or MariaDB), or submit without a connection.");
  }

  private static boolean autoCommit(Connection connection) {
    try {
      return connection.getAutoCommit();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "The caller's connection cannot be used (closed?): " + e.getMessage(), e);
    }
  }

  /** Whether this node would queue the job itself: it falls due soon and this node delivers it. */
  private boolean wantsLocally(Job job) {
    if (state.get() != State.STARTED || !job.status().isRunnable()) {
      return false;
    }
    if (job.runAt().isAfter(clock.instant().plus(settings.lookahead()))) {
      return false;
    }
    if (job.delivery() instanceof Delivery.Push) {
      return pushQueue != null;
    }
    return selector.matches(job) || pullWaiters.waitsFor(job.handler());
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
      List<FieldError> problems = new ArrayList<>();
      try {
        JobRequestValidation.requireNotPast(request, now);
      } catch (JobValidationException e) {
        problems.addAll(e.errors());
      }
      try {
        requireDeliverable(request);
      } catch (JobValidationException e) {
        problems.addAll(e.errors());
      }
      for (FieldError error : problems) {
        errors.add(new FieldError("[" + i + "]." + error.field(), error.message()));
      }
      if (problems.isEmpty()) {
        jobs.add(newJob(request, now));
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

  /** A push URL this node's address policy refuses is a validation error at submit. */
  private void requireDeliverable(JobRequest request) {
    try {
      requireDeliverable(request.delivery());
    } catch (ValidationException e) {
      throw new JobValidationException(e.errors());
    }
  }

  /** The same check for a schedule's delivery, at create and update. */
  private void requireDeliverable(Delivery delivery) {
    if (delivery instanceof Delivery.Push push) {
      settings
          .push()
          .policy()
          .checkUrl(push.url())
          .ifPresent(
              problem -> {
                throw new ValidationException("delivery.http.url", problem);
              });
    }
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

  /**
   * Queues a runnable job this node delivers when it is due within the look-ahead window: in the
   * push lane, in the handler lane, and for pull workers waiting for its handler.
   */
  private void queueIfLocal(Job job) {
    if (state.get() == State.CLOSED || !job.status().isRunnable()) {
      return;
    }
    boolean soon = !job.runAt().isAfter(clock.instant().plus(settings.lookahead()));
    if (job.delivery() instanceof Delivery.Push) {
      if (soon && pushQueue != null) {
        pushQueue.offer(job.id(), job.runAt());
      }
      return;
    }
    if (soon && selector.matches(job) && !pauses.isPaused(job.handler())) {
      queue.offer(job.id(), job.runAt());
    }
    pullWaiters.offer(job);
  }

  /**
   * Queues a job whose due time an operation moved, earlier or later ({@link DueQueue#move}), in
   * the lane that delivers it here, or as {@link #queueIfLocal} does for the others.
   */
  private void queueMoved(Job job) {
    if (state.get() == State.CLOSED || !job.status().isRunnable()) {
      return;
    }
    boolean soon = !job.runAt().isAfter(clock.instant().plus(settings.lookahead()));
    if (soon && job.delivery() instanceof Delivery.Push && pushQueue != null) {
      pushQueue.move(job.id(), job.runAt());
    } else if (soon && selector.matches(job) && !pauses.isPaused(job.handler())) {
      queue.move(job.id(), job.runAt());
    }
    queueIfLocal(job);
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

  // ---- operations -------------------------------------------------------------------------------

  /** The largest batch of {@link #retryAll} and {@link #cancelAll}: one page of a query. */
  private static final int BULK_BATCH = JobQuery.MAX_SIZE;

  @Override
  public Job retry(UUID jobId) {
    return retry(JobRequest.DEFAULT_ACCOUNT, jobId);
  }

  @Override
  public Job retry(String account, UUID jobId) {
    ensureOpen();
    job(account, jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    Job retried = store.retry(jobId, now());
    log.info("Job {} retried by hand; its next attempt is manual", jobId);
    queueIfLocal(retried);
    return retried;
  }

  @Override
  public Job runNow(UUID jobId) {
    return runNow(JobRequest.DEFAULT_ACCOUNT, jobId);
  }

  @Override
  public Job runNow(String account, UUID jobId) {
    ensureOpen();
    job(account, jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    Job due = store.runNow(jobId, now());
    log.info("Job {} set to run now by hand", jobId);
    queueMoved(due);
    return due;
  }

  @Override
  public Job reschedule(UUID jobId, Instant runAt) {
    return reschedule(JobRequest.DEFAULT_ACCOUNT, jobId, runAt);
  }

  @Override
  public Job reschedule(String account, UUID jobId, Instant runAt) {
    Objects.requireNonNull(runAt, "runAt");
    ensureOpen();
    Instant now = now();
    Instant at = runAt.truncatedTo(ChronoUnit.MICROS);
    if (at.isBefore(now)) {
      throw new JobValidationException(
          List.of(new FieldError("scheduled_for", "must not be in the past")));
    }
    job(account, jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    Job moved = store.reschedule(jobId, at, now);
    log.info("Job {} rescheduled to {}", jobId, Json.time(at));
    queueMoved(moved);
    return moved;
  }

  @Override
  public long retryAll(JobQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    long retried =
        bulk(
            query,
            Set.of(JobStatus.FAILED),
            ids -> {
              List<Job> done = store.retryAll(ids, now());
              done.forEach(this::queueIfLocal);
              return done.size();
            });
    log.info("{} failed job(s) retried by hand ({})", retried, query);
    return retried;
  }

  @Override
  public long cancelAll(JobQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    long cancelled =
        bulk(
            query,
            Set.of(JobStatus.PENDING, JobStatus.RETRYING),
            ids -> {
              List<Job> done = store.cancelAll(ids, now());
              done.forEach(events::cancelled);
              return done.size();
            });
    log.info("{} job(s) cancelled by query ({})", cancelled, query);
    return cancelled;
  }

  /**
   * Applies a batch operation to every job the query's filters match in one of the {@code eligible}
   * statuses, one page of ids at a time. The walk goes once through the matches with the keyset
   * cursor (newest first), starting at the jobs created no later than the call started: a job the
   * operation changed keeps its place in that order, so a retried job that fails again at once is
   * not met again, and jobs that arrive meanwhile are newer than the start, so each matching job is
   * considered at most once and the call always ends. A batch that changes nothing (claimed or
   * changed by someone else meanwhile) does not end the walk. Each page read also counts the
   * matches (up to the store's bound); the store interface has no way to ask for no total.
   */
  private long bulk(
      JobQuery query, Set<JobStatus> eligible, java.util.function.ToIntFunction<List<UUID>> apply) {
    Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
    statuses.addAll(eligible);
    if (!query.statuses().isEmpty()) {
      statuses.retainAll(query.statuses());
    }
    if (statuses.isEmpty()) {
      return 0;
    }
    JobQuery.Builder page =
        JobQuery.builder()
            .account(query.account())
            .statuses(statuses.toArray(JobStatus[]::new))
            .size(BULK_BATCH);
    query.scheduleId().ifPresent(page::scheduleId);
    if (query.oneOffOnly()) {
      page.oneOffOnly();
    }
    query.handler().ifPresent(page::handler);
    // The start: right after (createdAt = now, the greatest id), so every job created up to now.
    String cursor = new PageCursor(now(), new UUID(-1L, -1L)).encode();
    long total = 0;
    while (true) {
      Page<Job> read = store.query(page.after(cursor).build());
      List<UUID> ids = read.items().stream().map(Job::id).toList();
      if (!ids.isEmpty()) {
        total += apply.applyAsInt(ids);
      }
      if (read.nextCursor().isEmpty()) {
        return total;
      }
      cursor = read.nextCursor().get();
    }
  }

  @Override
  public void pause(String handler) {
    String problem = HandlerNames.problem(handler);
    if (problem != null) {
      throw new IllegalArgumentException("Handler name " + problem + ": '" + handler + "'");
    }
    if (pauses.pause(handler)) {
      // The feeder's next round, woken now, takes the handler's jobs out of the queue.
      unqueuePaused.add(handler);
      wakeFeeder();
      log.warn("Handler '{}' paused on node {}: its jobs are not claimed here", handler, nodeId());
    }
  }

  @Override
  public void resume(String handler) {
    Objects.requireNonNull(handler, "handler");
    if (pauses.resume(handler)) {
      wakeFeeder();
      log.info("Handler '{}' resumed on node {}", handler, nodeId());
    }
  }

  @Override
  public Set<String> pausedHandlers() {
    return pauses.names();
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

  // ---- pull workers -----------------------------------------------------------------------------

  @Override
  public PullWorker pull() {
    return pull(settings.nodeId());
  }

  @Override
  public PullWorker pull(String workerId) {
    if (workerId == null || workerId.isBlank() || workerId.length() > 255) {
      throw new IllegalArgumentException("workerId must be 1 to 255 characters");
    }
    ensureOpen();
    return new NodePullWorker(
        workerId,
        store,
        clock,
        events,
        pullWaiters,
        this::queueIfLocal,
        dispatcher::retryAt,
        this::ensureOpen,
        maintenance.registry()::notePull,
        settings.payloadMapper(),
        settings.maxResultSize(),
        fence,
        nodePullClaims,
        workerId.equals(settings.nodeId()),
        pauses);
  }

  // ---- retention --------------------------------------------------------------------------------

  @Override
  public long purge(Instant before) {
    Objects.requireNonNull(before, "before");
    ensureOpen();
    return maintenance.purge(before.truncatedTo(ChronoUnit.MICROS));
  }

  // ---- shutdown ---------------------------------------------------------------------------------

  @Override
  public synchronized void close() {
    State previous = state.getAndSet(State.CLOSED);
    if (previous == State.CLOSED) {
      return;
    }
    pullWaiters.close();
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
      commitWatch.stop();
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
    for (Dispatcher lane : lanes) {
      lane.stopClaiming();
    }
    long end = System.nanoTime() + settings.shutdownTimeout().toNanos();
    for (Dispatcher lane : lanes) {
      Duration left = Duration.ofNanos(Math.max(0, end - System.nanoTime()));
      if (!lane.awaitIdle(left)) {
        log.warn(
            "{} attempt(s) still running after {}; interrupting them and giving their jobs back",
            lane.running(),
            settings.shutdownTimeout());
      }
    }
    for (Dispatcher lane : lanes) {
      lane.releaseAll();
    }
    // Outcomes being recorded by workers finish before the store closes; then retry any the
    // store refused during an outage.
    for (Dispatcher lane : lanes) {
      lane.awaitIdle(Duration.ofSeconds(5));
      if (!lane.retryUnrecordedNow()) {
        log.warn("Some outcomes could not be recorded before shutdown; their leases will expire");
      }
    }
    for (Dispatcher lane : lanes) {
      lane.shutdown();
    }
    try {
      maintenance.close();
    } catch (RuntimeException e) {
      log.warn(
          "Could not unregister node {}; its id is free once its heartbeat expires",
          settings.nodeId(),
          e);
    }
    events.stop(Duration.ofSeconds(5));
    queue.clear();
    scheduleTimetable.clear();
    if (pushQueue != null) {
      pushQueue.clear();
    }
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
