package dev.chronos.micrometer;

import dev.chronos.Chronos;
import dev.chronos.ChronosStats;
import dev.chronos.Delivery;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobListener;
import dev.chronos.JobQuery;
import dev.chronos.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for one Chronos node: a {@link MeterBinder} and the {@link JobListener} that
 * feeds it. Register it as a listener when building the node, attach the node, then bind:
 *
 * <pre>{@code
 * ChronosMetrics metrics = ChronosMetrics.builder().build();
 * Chronos chronos = Chronos.builder().store(store).handler("send-email", mailer).listener(metrics).build();
 * metrics.attach(chronos).bindTo(meterRegistry);
 * chronos.start();
 * }</pre>
 *
 * <p>Meters (names follow Micrometer's conventions: dot-separated, base units, times in seconds):
 *
 * <ul>
 *   <li>{@code chronos.attempts} (timer; {@code handler}, {@code lane}, {@code outcome}): attempts
 *       this node ended whose outcome was stored, timed from the claim to the end; {@code outcome}
 *       is {@code completed}, {@code failed}, {@code timed_out} or {@code released} (given back
 *       unfinished without using a retry: {@link JobListener#onReleased})
 *   <li>{@code chronos.attempts.lag} (timer; {@code handler}, {@code lane}): from a job's due time
 *       to the claim that started its attempt
 *   <li>{@code chronos.jobs.submitted} (counter; {@code handler}, {@code lane}): jobs accepted on
 *       this node, including the jobs its schedules spawned
 *   <li>{@code chronos.lane.queued}, {@code chronos.lane.running}, {@code chronos.lane.slots.free}
 *       (gauges; {@code lane}): {@link ChronosStats.Lane}
 *   <li>{@code chronos.threads.abandoned}, {@code chronos.outcomes.unrecorded}, {@code
 *       chronos.claiming.stopped} (0 or 1), {@code chronos.listener.queue.depth} (gauges), {@code
 *       chronos.listener.dropped} (counter), {@code chronos.jobs.due.oldest.age} (time gauge):
 *       {@link ChronosStats}
 *   <li>{@code chronos.jobs} (gauge; {@code status}): jobs per status in the store, for the counted
 *       accounts, read every {@link Builder#jobCountsInterval} on a thread of this binder ({@code
 *       chronos-metrics}), never when a registry is scraped; {@code chronos.jobs.counts.age} (time
 *       gauge) says how old those counts are, so counts that could not be refreshed (store down)
 *       are seen to be stale
 * </ul>
 *
 * <p>Tags and their cardinality: {@code lane} is {@code handlers} or {@code push} (attempts of pull
 * workers claiming through this node's {@link Chronos#pull()} count under {@code handlers}); {@code
 * outcome} has 4 values; {@code status} 6; {@code handler} is the job's handler name, at most
 * {@link Builder#maxHandlerTags} distinct names (default {@value #DEFAULT_MAX_HANDLER_TAGS}), after
 * which further names are tagged {@code other}, so jobs submitted with arbitrary handler names
 * cannot grow a registry without bound; push jobs without a handler are tagged {@code none}.
 *
 * <p>The stats gauges read {@link Chronos#stats()} (memory only) when they are read. Events that
 * happen before the first {@link #bindTo} are not counted. Thread-safe.
 */
public final class ChronosMetrics implements MeterBinder, JobListener, AutoCloseable {
  /** Default of {@link Builder#jobCountsInterval}: 30 seconds. */
  public static final Duration DEFAULT_JOB_COUNTS_INTERVAL = Duration.ofSeconds(30);

  /** Default of {@link Builder#maxHandlerTags}. */
  public static final int DEFAULT_MAX_HANDLER_TAGS = 100;

  /** The {@code handler} tag of names past {@link Builder#maxHandlerTags}. */
  public static final String OTHER_HANDLER = "other";

  /** The {@code handler} tag of jobs without a handler (push jobs may have none). */
  public static final String NO_HANDLER = "none";

  private static final Logger log = LoggerFactory.getLogger(ChronosMetrics.class);

  private final Duration jobCountsInterval;
  private final Set<String> accounts;
  private final int maxHandlerTags;
  private final Tags commonTags;

  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Set<String> handlerTags = ConcurrentHashMap.newKeySet();
  private volatile Chronos chronos;
  private volatile JobCounts counts = JobCounts.NONE;
  // Each count takes a ticket when it starts; a count that started earlier than the one shown
  // never replaces it, so a slow background count cannot overwrite a fresher one.
  private final AtomicLong countTickets = new AtomicLong();
  private long shownTicket; // guarded by countTickets
  private volatile boolean countFailureLogged;

  // Guarded by this.
  private ScheduledExecutorService refresher;
  private boolean closed;

  private ChronosMetrics(Builder b) {
    this.jobCountsInterval = b.jobCountsInterval;
    this.accounts = Set.copyOf(b.accounts);
    this.maxHandlerTags = b.maxHandlerTags;
    this.commonTags = b.tags;
  }

  /**
   * Starts configuring the meters.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The node whose stats and store the gauges read. The listener side needs no node: register this
   * object with {@link dev.chronos.ChronosBuilder#listener} before building it.
   *
   * @param chronos the node built with this object as one of its listeners
   * @return this
   * @throws IllegalStateException if another node is attached already
   */
  public synchronized ChronosMetrics attach(Chronos chronos) {
    Objects.requireNonNull(chronos, "chronos");
    if (this.chronos != null && this.chronos != chronos) {
      throw new IllegalStateException(
          "ChronosMetrics is attached to node " + this.chronos.nodeId() + " already");
    }
    this.chronos = chronos;
    return this;
  }

  /**
   * Registers the meters and, on the first registry, starts counting jobs per status every {@link
   * Builder#jobCountsInterval} (the first count at once, off the calling thread).
   *
   * @param registry the registry
   * @throws IllegalStateException if no node is {@link #attach attached}, or this is closed
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Chronos node = chronos;
    if (node == null) {
      throw new IllegalStateException("attach(chronos) before bindTo(registry)");
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("ChronosMetrics is closed");
      }
      if (registries.contains(registry)) {
        return;
      }
      registries.add(registry);
      startCounting();
    }
    registerStatsGauges(registry, node);
    registerCountGauges(registry);
  }

  /**
   * Counts the jobs per status in the store now, on the calling thread, for the counted accounts:
   * one query per status and account. The refresher thread calls this every {@link
   * Builder#jobCountsInterval}; call it yourself to read fresh counts at once.
   *
   * @throws IllegalStateException if no node is attached
   * @throws dev.chronos.StoreUnavailableException if the store cannot be reached; the previous
   *     counts stay
   */
  public void refreshJobCounts() {
    Chronos node = chronos;
    if (node == null) {
      throw new IllegalStateException("attach(chronos) before counting jobs");
    }
    long ticket = countTickets.incrementAndGet();
    Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
    for (JobStatus status : JobStatus.values()) {
      // The list total: exact on the memory store; on the JDBC store counted up to a bound
      // (Page.totalIsExact()), past which it is a lower bound, so a count never scans a big
      // table. Documented in the README's meter table.
      long total = 0;
      for (String account : accounts) {
        total +=
            node.jobs(JobQuery.builder().account(account).statuses(status).size(1).build()).total();
      }
      byStatus.put(status, total);
    }
    JobCounts next = new JobCounts(byStatus, node.stats().takenAt());
    synchronized (countTickets) {
      if (ticket > shownTicket) {
        shownTicket = ticket;
        counts = next;
      }
    }
  }

  /** Stops counting jobs. Meters stay registered; events are still counted. Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService toStop;
    synchronized (this) {
      closed = true;
      toStop = refresher;
      refresher = null;
    }
    if (toStop != null) {
      toStop.shutdownNow();
    }
  }

  // ---- listener ---------------------------------------------------------------------------------

  /** Counts the job in {@code chronos.jobs.submitted}. */
  @Override
  public void onSubmitted(Job job) {
    for (MeterRegistry registry : registries) {
      Counter.builder("chronos.jobs.submitted")
          .description("Jobs accepted on this node")
          .baseUnit("jobs")
          .tags(commonTags)
          .tag("handler", handlerTag(job.handler()))
          .tag("lane", lane(job))
          .register(registry)
          .increment();
    }
  }

  /** Records the attempt's lag in {@code chronos.attempts.lag}. */
  @Override
  public void onStarted(Job job, Execution execution) {
    Duration lag = Duration.between(job.runAt(), execution.startedAt());
    if (lag.isNegative()) {
      lag = Duration.ZERO;
    }
    for (MeterRegistry registry : registries) {
      Timer.builder("chronos.attempts.lag")
          .description("From a job's due time to the claim that started its attempt")
          .tags(commonTags)
          .tag("handler", handlerTag(job.handler()))
          .tag("lane", lane(job))
          .register(registry)
          .record(lag);
    }
  }

  /** Records the attempt in {@code chronos.attempts}. */
  @Override
  public void onCompleted(Job job, Execution execution) {
    attemptEnded(job, execution);
  }

  /** Records the attempt in {@code chronos.attempts}. */
  @Override
  public void onRetrying(Job job, Execution execution) {
    attemptEnded(job, execution);
  }

  /** Records the attempt in {@code chronos.attempts}. */
  @Override
  public void onFailed(Job job, Execution execution) {
    attemptEnded(job, execution);
  }

  /** Records the attempt in {@code chronos.attempts} with {@code outcome=released}. */
  @Override
  public void onReleased(Job job, Execution execution) {
    attemptEnded(job, execution, "released");
  }

  private void attemptEnded(Job job, Execution execution) {
    String outcome =
        switch (execution.status()) {
          case COMPLETED -> "completed";
          case FAILED -> "failed";
          case TIMED_OUT -> "timed_out";
          case RUNNING -> null;
        };
    if (outcome != null) {
      attemptEnded(job, execution, outcome);
    }
  }

  private void attemptEnded(Job job, Execution execution, String outcome) {
    Duration took =
        execution.finishedAt() == null
            ? Duration.ZERO
            : Duration.between(execution.startedAt(), execution.finishedAt());
    if (took.isNegative()) {
      took = Duration.ZERO;
    }
    for (MeterRegistry registry : registries) {
      Timer.builder("chronos.attempts")
          .description("Attempts this node ended, from the claim to the end")
          .tags(commonTags)
          .tag("handler", handlerTag(job.handler()))
          .tag("lane", lane(job))
          .tag("outcome", outcome)
          .register(registry)
          .record(took);
    }
  }

  // ---- tags -------------------------------------------------------------------------------------

  private String handlerTag(String handler) {
    if (handler == null) {
      return NO_HANDLER;
    }
    if (handlerTags.contains(handler)) {
      return handler;
    }
    synchronized (handlerTags) {
      if (handlerTags.contains(handler)) {
        return handler;
      }
      if (handlerTags.size() >= maxHandlerTags) {
        return OTHER_HANDLER;
      }
      handlerTags.add(handler);
      return handler;
    }
  }

  private static String lane(Job job) {
    return job.delivery() instanceof Delivery.Push ? "push" : "handlers";
  }

  // ---- gauges -----------------------------------------------------------------------------------

  private void registerStatsGauges(MeterRegistry registry, Chronos node) {
    for (ChronosStats.Lane lane : node.stats().lanes()) {
      String name = lane.name();
      laneGauge(
          registry,
          node,
          name,
          "chronos.lane.queued",
          "Jobs waiting in the lane: due and queued, or claimed and waiting for a slot",
          "jobs",
          ChronosStats.Lane::queued);
      laneGauge(
          registry,
          node,
          name,
          "chronos.lane.running",
          "Attempts claimed by the lane whose outcome is not written yet",
          "attempts",
          ChronosStats.Lane::running);
      laneGauge(
          registry,
          node,
          name,
          "chronos.lane.slots.free",
          "Slots of the lane free to start an attempt now",
          "slots",
          ChronosStats.Lane::freeSlots);
    }
    gauge(
        registry,
        node,
        "chronos.threads.abandoned",
        "Worker threads still inside a handler that ran past its timeout",
        "threads",
        s -> s.abandonedThreads());
    gauge(
        registry,
        node,
        "chronos.outcomes.unrecorded",
        "Outcomes kept on the node because the store could not be reached",
        "outcomes",
        s -> s.unrecordedOutcomes());
    gauge(
        registry,
        node,
        "chronos.claiming.stopped",
        "1 while the node claims nothing for its handlers (too many abandoned threads)",
        null,
        s -> s.claimingStopped() ? 1 : 0);
    gauge(
        registry,
        node,
        "chronos.listener.queue.depth",
        "Events waiting for the listener thread",
        "events",
        s -> s.listenerQueueDepth());
    FunctionCounter.builder(
            "chronos.listener.dropped", node, n -> (double) n.stats().listenerOverflow())
        .description("Events dropped because the listener queue was full")
        .baseUnit("events")
        .tags(commonTags)
        .register(registry);
    TimeGauge.builder(
            "chronos.jobs.due.oldest.age",
            node,
            TimeUnit.MILLISECONDS,
            n -> (double) n.stats().oldestDueLag().toMillis())
        .description("How late the earliest due job queued on this node is")
        .tags(commonTags)
        .strongReference(true)
        .register(registry);
  }

  private void laneGauge(
      MeterRegistry registry,
      Chronos node,
      String lane,
      String name,
      String description,
      String unit,
      ToDoubleFunction<ChronosStats.Lane> value) {
    Gauge.builder(
            name,
            node,
            n -> n.stats().lane(lane).map(value::applyAsDouble).orElse(Double.NaN).doubleValue())
        .description(description)
        .baseUnit(unit)
        .tags(commonTags)
        .tag("lane", lane)
        .strongReference(true)
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry,
      Chronos node,
      String name,
      String description,
      String unit,
      ToDoubleFunction<ChronosStats> value) {
    Gauge.builder(name, node, n -> value.applyAsDouble(n.stats()))
        .description(description)
        .baseUnit(unit)
        .tags(commonTags)
        .strongReference(true)
        .register(registry);
  }

  private void registerCountGauges(MeterRegistry registry) {
    if (jobCountsInterval.isZero()) {
      return;
    }
    for (JobStatus status : JobStatus.values()) {
      Gauge.builder("chronos.jobs", this, m -> m.counts.of(status))
          .description("Jobs in the store per status (counted accounts; refreshed at an interval)")
          .baseUnit("jobs")
          .tags(commonTags)
          .tag("status", status.name().toLowerCase(Locale.ROOT))
          .strongReference(true)
          .register(registry);
    }
    TimeGauge.builder(
            "chronos.jobs.counts.age", this, TimeUnit.MILLISECONDS, ChronosMetrics::countsAgeMillis)
        .description("How old the counts of chronos.jobs are")
        .tags(commonTags)
        .strongReference(true)
        .register(registry);
  }

  private double countsAgeMillis() {
    JobCounts c = counts;
    Chronos node = chronos;
    if (c.countedAt == null || node == null) {
      return Double.NaN;
    }
    return Math.max(0, Duration.between(c.countedAt, node.stats().takenAt()).toMillis());
  }

  // Guarded by this.
  private void startCounting() {
    if (jobCountsInterval.isZero() || refresher != null) {
      return;
    }
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "chronos-metrics");
              t.setDaemon(true);
              return t;
            });
    long millis = jobCountsInterval.toMillis();
    refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, millis, TimeUnit.MILLISECONDS);
  }

  private void refreshQuietly() {
    try {
      refreshJobCounts();
      if (countFailureLogged) {
        countFailureLogged = false;
        log.info("Counting jobs per status works again");
      }
    } catch (Throwable t) {
      if (!countFailureLogged) {
        countFailureLogged = true;
        log.warn(
            "Could not count jobs per status (chronos.jobs keeps its last values): {}",
            t.toString());
      } else {
        log.debug("Could not count jobs per status", t);
      }
    }
  }

  /** The last counts per status and when they were read (node clock), or none yet. */
  private record JobCounts(Map<JobStatus, Long> byStatus, Instant countedAt) {
    static final JobCounts NONE = new JobCounts(Map.of(), null);

    double of(JobStatus status) {
      Long n = byStatus.get(status);
      return n == null ? Double.NaN : n;
    }
  }

  /** Configures {@link ChronosMetrics}. Not thread-safe. */
  public static final class Builder {
    private Duration jobCountsInterval = DEFAULT_JOB_COUNTS_INTERVAL;
    private final Set<String> accounts = new LinkedHashSet<>(List.of("default"));
    private int maxHandlerTags = DEFAULT_MAX_HANDLER_TAGS;
    private Tags tags = Tags.empty();

    private Builder() {}

    /**
     * How often the jobs per status are counted in the store (default 30 s). Each count is one
     * query per status and account; {@link Duration#ZERO} registers no {@code chronos.jobs} gauges
     * and never counts.
     *
     * @param interval zero, or 1 second to 1 day
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder jobCountsInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (!interval.isZero()
          && (interval.compareTo(Duration.ofSeconds(1)) < 0
              || interval.compareTo(Duration.ofDays(1)) > 0)) {
        throw new IllegalArgumentException(
            "jobCountsInterval must be zero or 1 s to 1 day, was " + interval);
      }
      this.jobCountsInterval = interval;
      return this;
    }

    /**
     * The accounts whose jobs {@code chronos.jobs} counts, summed (default {@code default}).
     *
     * @param accounts one or more account names
     * @return this builder
     * @throws IllegalArgumentException if none is given or one is blank
     */
    public Builder accounts(String... accounts) {
      List<String> list = new ArrayList<>();
      for (String a : accounts) {
        if (a == null || a.isBlank()) {
          throw new IllegalArgumentException("accounts must not be blank");
        }
        list.add(a);
      }
      if (list.isEmpty()) {
        throw new IllegalArgumentException("accounts needs at least one account");
      }
      this.accounts.clear();
      this.accounts.addAll(list);
      return this;
    }

    /**
     * How many distinct handler names become {@code handler} tags (default {@value
     * #DEFAULT_MAX_HANDLER_TAGS}); later names are tagged {@value #OTHER_HANDLER}.
     *
     * @param max 1 to 10,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxHandlerTags(int max) {
      if (max < 1 || max > 10_000) {
        throw new IllegalArgumentException("maxHandlerTags must be 1 to 10,000, was " + max);
      }
      this.maxHandlerTags = max;
      return this;
    }

    /**
     * Tags added to every meter, for example the application's name.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = Tags.of(tags);
      return this;
    }

    /**
     * Builds the binder.
     *
     * @return a binder not yet attached to a node
     */
    public ChronosMetrics build() {
      return new ChronosMetrics(this);
    }
  }
}
