package dev.chronos.internal;

import dev.chronos.HandlerRequiredForPullException;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.MisfirePolicy;
import dev.chronos.OverlapPolicy;
import dev.chronos.Page;
import dev.chronos.Schedule;
import dev.chronos.ScheduleArchivedException;
import dev.chronos.ScheduleCompletedException;
import dev.chronos.ScheduleConflictException;
import dev.chronos.ScheduleNotFoundException;
import dev.chronos.ScheduleQuery;
import dev.chronos.ScheduleRequest;
import dev.chronos.ScheduleStatus;
import dev.chronos.ScheduleUpdate;
import dev.chronos.Schedules;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.PayloadFingerprint;
import dev.chronos.spi.ScheduleFire;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Schedules: their API, and their fires. Fire times wait in the node's schedule timetable (a {@link
 * DueQueue}, the same DelayQueue mechanism as due jobs), fed by local creates and updates and by
 * the feeder's look-ahead, and are fired by the {@code chronos-scheduler} thread (or a test's step)
 * when the clock reaches them, not at the next poll.
 *
 * <p>A fire reads the schedule, plans the jobs (misfire policy, {@code runs}, {@code stop_at},
 * overlap policy) and hands the store one {@link ScheduleFire}: applied only if the schedule's
 * version is unchanged, and each job carries the key {@code <scheduleId>.<epoch millis>}, unique
 * per account, so however many nodes race, one job exists per (schedule, fire time). A node that
 * loses the race reads the schedule again.
 */
final class ScheduleService implements Schedules {
  private static final Logger log = Loggers.SCHEDULES;

  /** A fire more than this late counts as missed (downtime) for the misfire policy. */
  static final Duration MISFIRE_THRESHOLD = Duration.ofMinutes(1);

  private static final int MAX_PLANNED = 10_000;

  /** How far ahead a manually triggered job is stored before it is made due by hand. */
  private static final Duration MANUAL_HOLD = Duration.ofMinutes(1);

  private final JobStore store;
  private final Clock clock;
  private final Duration lookahead;
  private final DueQueue timetable;
  private final Events events;
  private final Consumer<Job> queueJob;
  private final Runnable ensureOpen;
  private final Consumer<dev.chronos.Delivery> requireDeliverable;

  ScheduleService(
      JobStore store,
      Clock clock,
      Duration lookahead,
      DueQueue timetable,
      Events events,
      Consumer<Job> queueJob,
      Runnable ensureOpen,
      Consumer<dev.chronos.Delivery> requireDeliverable) {
    this.store = store;
    this.clock = clock;
    this.lookahead = lookahead;
    this.timetable = timetable;
    this.events = events;
    this.queueJob = queueJob;
    this.ensureOpen = ensureOpen;
    this.requireDeliverable = requireDeliverable;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  // ---- API --------------------------------------------------------------------------------------

  @Override
  public Schedule create(ScheduleRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen.run();
    Instant now = now();
    ScheduleValidation.requireFutureStop(request, now);
    requireDeliverable.accept(request.delivery());
    Schedule draft = schedule(UUID.randomUUID(), request, now, now, 0, 0, null);
    Schedule schedule = withNext(draft, first(draft, now));
    store.insertSchedule(schedule);
    log.info(
        "Schedule {} '{}' created ({}), first fire at {}",
        schedule.id(),
        schedule.name(),
        schedule.cron() != null
            ? "cron " + schedule.cron() + " " + schedule.timezone()
            : "every " + schedule.interval().toDuration(),
        Json.time(schedule.nextRunAt()));
    timetable(schedule);
    return schedule;
  }

  @Override
  public Schedule ensure(ScheduleRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.key() == null) {
      throw new IllegalArgumentException(
          "ensure needs a schedule key: set one with ScheduleRequest.Builder.key(...)");
    }
    ensureOpen.run();
    requireDeliverable.accept(request.delivery());
    for (int attempt = 0; attempt < 10; attempt++) {
      Optional<Schedule> found = store.findScheduleByKey(request.account(), request.key());
      if (found.isEmpty()) {
        Instant now = now();
        ScheduleValidation.requireFutureStop(request, now);
        Schedule draft = schedule(UUID.randomUUID(), request, now, now, 0, 0, null);
        Schedule created = withNext(draft, first(draft, now));
        found = store.insertScheduleIfAbsent(created);
        if (found.isEmpty()) {
          log.info(
              "Schedule {} '{}' created for key '{}', first fire at {}",
              created.id(),
              created.name(),
              created.key(),
              Json.time(created.nextRunAt()));
          timetable(created);
          return created;
        }
        // Another node created it first: compare with theirs.
      }
      Schedule current = found.get();
      if (current.status() == ScheduleStatus.ARCHIVED
          || current.status() == ScheduleStatus.COMPLETED) {
        log.debug(
            "Schedule {} for key '{}' is {}; ensure leaves it so",
            current.id(),
            current.key(),
            current.status().json());
        return current;
      }
      Instant now = now();
      Schedule draft =
          schedule(
              current.id(),
              request,
              current.createdAt(),
              now,
              current.runCount(),
              current.version() + 1,
              current.nextRunAt());
      if (sameDeclaration(current, draft)) {
        return current; // unchanged: no write, no new next fire
      }
      if (!Objects.equals(draft.stopAt(), current.stopAt())) {
        ScheduleValidation.requireFutureStop(request, now);
      }
      boolean cadence =
          !Objects.equals(draft.cron(), current.cron())
              || !Objects.equals(draft.interval(), current.interval())
              || !draft.timezone().equals(current.timezone());
      Schedule next =
          keepPaused(current, withNext(draft, cadence ? first(draft, now) : current.nextRunAt()));
      if (store.replaceSchedule(next, current.version())) {
        log.info(
            "Schedule {} for key '{}' updated to its new declaration{}",
            next.id(),
            next.key(),
            cadence ? ", next fire at " + Json.time(next.nextRunAt()) : "");
        timetable(next);
        return next;
      }
      // Changed meanwhile (a fire, another node's ensure): read it again.
    }
    throw new ScheduleConflictException(
        store.findScheduleByKey(request.account(), request.key()).map(Schedule::id).orElse(null));
  }

  /**
   * Whether two schedules declare the same thing: every field a request sets, the payload compared
   * by fingerprint (a store may give numbers back in another JSON type, or reorder keys).
   */
  private static boolean sameDeclaration(Schedule stored, Schedule declared) {
    ScheduleRequest a = ScheduleJson.requestOf(stored).toBuilder().payload(null).build();
    ScheduleRequest b = ScheduleJson.requestOf(declared).toBuilder().payload(null).build();
    return a.equals(b)
        && PayloadFingerprint.of(stored.payload())
            .equals(PayloadFingerprint.of(declared.payload()));
  }

  /** An active schedule after a change of a paused one stays paused. */
  private static Schedule keepPaused(Schedule before, Schedule after) {
    return before.status() == ScheduleStatus.PAUSED && after.status() == ScheduleStatus.ACTIVE
        ? copy(
            after,
            ScheduleStatus.PAUSED,
            after.nextRunAt(),
            after.runCount(),
            after.updatedAt(),
            after.version())
        : after;
  }

  @Override
  public Optional<Schedule> get(String key) {
    return get(JobRequest.DEFAULT_ACCOUNT, key);
  }

  @Override
  public Optional<Schedule> get(String account, String key) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(key, "key");
    return store.findScheduleByKey(account, key);
  }

  @Override
  public Schedule pause(UUID scheduleId) {
    return pause(JobRequest.DEFAULT_ACCOUNT, scheduleId);
  }

  @Override
  public Schedule pause(String account, UUID scheduleId) {
    return changeStatus(account, scheduleId, ScheduleStatus.ACTIVE, ScheduleStatus.PAUSED);
  }

  @Override
  public Schedule resume(UUID scheduleId) {
    return resume(JobRequest.DEFAULT_ACCOUNT, scheduleId);
  }

  @Override
  public Schedule resume(String account, UUID scheduleId) {
    return changeStatus(account, scheduleId, ScheduleStatus.PAUSED, ScheduleStatus.ACTIVE);
  }

  /**
   * Moves a schedule from one status to the other, version-checked, keeping its next fire: a
   * schedule already in the target status is returned as it is. A resumed schedule whose next fire
   * passed while it was paused is due at once, and its fire applies the misfire policy.
   */
  private Schedule changeStatus(
      String account, UUID scheduleId, ScheduleStatus from, ScheduleStatus to) {
    ensureOpen.run();
    for (int attempt = 0; attempt < 10; attempt++) {
      Schedule current =
          get(account, scheduleId).orElseThrow(() -> new ScheduleNotFoundException(scheduleId));
      if (current.status() == ScheduleStatus.ARCHIVED) {
        throw new ScheduleArchivedException(scheduleId);
      }
      if (current.status() == ScheduleStatus.COMPLETED) {
        throw new ScheduleCompletedException(scheduleId);
      }
      if (current.status() == to) {
        return current;
      }
      Schedule next =
          copy(current, to, current.nextRunAt(), current.runCount(), now(), current.version() + 1);
      if (store.replaceSchedule(next, current.version())) {
        log.info(
            "Schedule {} {}; next fire {}",
            scheduleId,
            to == ScheduleStatus.PAUSED ? "paused" : "resumed",
            Json.time(next.nextRunAt()));
        timetable(next);
        return next;
      }
    }
    throw new ScheduleConflictException(scheduleId);
  }

  @Override
  public Optional<Schedule> get(UUID scheduleId) {
    return get(JobRequest.DEFAULT_ACCOUNT, scheduleId);
  }

  @Override
  public Optional<Schedule> get(String account, UUID scheduleId) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(scheduleId, "scheduleId");
    return store.findSchedule(scheduleId).filter(s -> s.account().equals(account));
  }

  @Override
  public Page<Schedule> list(ScheduleQuery query) {
    return store.querySchedules(Objects.requireNonNull(query, "query"));
  }

  @Override
  public Schedule update(UUID scheduleId, ScheduleUpdate update) {
    return update(JobRequest.DEFAULT_ACCOUNT, scheduleId, update);
  }

  @Override
  public Schedule update(String account, UUID scheduleId, ScheduleUpdate update) {
    Objects.requireNonNull(update, "update");
    ensureOpen.run();
    Schedule current =
        get(account, scheduleId).orElseThrow(() -> new ScheduleNotFoundException(scheduleId));
    if (current.status() == ScheduleStatus.ARCHIVED) {
      throw new ScheduleArchivedException(scheduleId);
    }
    if (current.status() == ScheduleStatus.COMPLETED) {
      throw new ScheduleCompletedException(scheduleId);
    }
    ScheduleRequest changed;
    try {
      changed = update.applyTo(ScheduleJson.requestOf(current));
    } catch (HandlerRequiredForPullException e) {
      throw new HandlerRequiredForPullException(scheduleId);
    }
    requireDeliverable.accept(changed.delivery());
    Instant now = now();
    if (!Objects.equals(changed.stopAt(), current.stopAt())) {
      ScheduleValidation.requireFutureStop(changed, now);
    }
    Schedule draft =
        schedule(
            current.id(),
            changed,
            current.createdAt(),
            now,
            current.runCount(),
            current.version() + 1,
            current.nextRunAt());
    Schedule next =
        keepPaused(
            current,
            withNext(draft, update.changesCadence() ? first(draft, now) : current.nextRunAt()));
    if (!store.replaceSchedule(next, current.version())) {
      throw new ScheduleConflictException(scheduleId);
    }
    timetable(next);
    return next;
  }

  @Override
  public Schedule archive(UUID scheduleId) {
    return archive(JobRequest.DEFAULT_ACCOUNT, scheduleId);
  }

  @Override
  public Schedule archive(String account, UUID scheduleId) {
    ensureOpen.run();
    for (int attempt = 0; ; attempt++) {
      Schedule current =
          get(account, scheduleId).orElseThrow(() -> new ScheduleNotFoundException(scheduleId));
      if (current.status() == ScheduleStatus.ARCHIVED) {
        throw new ScheduleArchivedException(scheduleId);
      }
      Instant now = now();
      Schedule archived =
          copy(
              current,
              ScheduleStatus.ARCHIVED,
              null,
              current.runCount(),
              now,
              current.version() + 1);
      if (store.replaceSchedule(archived, current.version())) {
        List<Job> cancelled = store.cancelScheduleJobs(scheduleId, now);
        cancelled.forEach(events::cancelled);
        log.info("Schedule {} archived; {} pending job(s) cancelled", scheduleId, cancelled.size());
        return archived;
      }
      if (attempt >= 10) {
        throw new ScheduleConflictException(scheduleId);
      }
    }
  }

  @Override
  public Job trigger(UUID scheduleId) {
    return trigger(JobRequest.DEFAULT_ACCOUNT, scheduleId);
  }

  @Override
  public Job trigger(String account, UUID scheduleId) {
    ensureOpen.run();
    Schedule s =
        get(account, scheduleId).orElseThrow(() -> new ScheduleNotFoundException(scheduleId));
    if (s.status() == ScheduleStatus.ARCHIVED) {
      throw new ScheduleArchivedException(scheduleId);
    }
    if (s.status() == ScheduleStatus.COMPLETED) {
      throw new ScheduleCompletedException(scheduleId);
    }
    requireDeliverable.accept(s.delivery());
    Instant now = now();
    // Stored a minute ahead so that no claim takes it before runNow marks its attempt manual.
    UUID id = UUID.randomUUID();
    Job held = job(s, id, now, now.plus(MANUAL_HOLD), s.id() + ".manual." + id, now);
    store.insert(held);
    Job due = store.runNow(id, now);
    log.info("Schedule {} triggered by hand: job {}", scheduleId, id);
    events.submitted(due);
    queueJob.accept(due);
    return due;
  }

  // ---- firing -----------------------------------------------------------------------------------

  /** Queues the schedule's next fire when it falls within the look-ahead window. */
  void timetable(Schedule s) {
    if (s.status() == ScheduleStatus.ACTIVE
        && s.nextRunAt() != null
        && !s.nextRunAt().isAfter(clock.instant().plus(lookahead))) {
      timetable.offer(s.id(), s.nextRunAt());
    }
  }

  /** Loads the fires due within the look-ahead window (the feeder's step). */
  void loadDue() {
    for (DueJob due :
        store.findDueSchedules(clock.instant().plus(lookahead), timetable.maxSize())) {
      if (!timetable.offer(due.id(), due.runAt())) {
        return;
      }
    }
  }

  /** Fires every schedule whose time has come (a test's step). Returns how many were due. */
  int step() {
    List<DueQueue.Entry> due = timetable.drainDue(Integer.MAX_VALUE);
    for (DueQueue.Entry e : due) {
      fire(e.id);
    }
    return due.size();
  }

  /** The scheduler thread's loop. */
  void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      DueQueue.Entry e;
      try {
        e = timetable.take();
      } catch (InterruptedException interrupted) {
        return;
      }
      if (e == null) {
        return; // woken to stop
      }
      try {
        fire(e.id);
      } catch (Throwable t) {
        log.warn("Firing schedule {} failed; the feeder will offer it again", e.id, t);
      }
    }
  }

  void wakeUp() {
    timetable.wakeUp();
  }

  /** Fires a schedule if it is due, racing other nodes through the store. */
  void fire(UUID scheduleId) {
    for (int attempt = 0; attempt < 10; attempt++) {
      Optional<Schedule> read = store.findSchedule(scheduleId);
      if (read.isEmpty()) {
        return;
      }
      Schedule s = read.get();
      Instant now = now();
      if (s.status() != ScheduleStatus.ACTIVE || s.nextRunAt() == null) {
        return;
      }
      if (s.nextRunAt().isAfter(now)) {
        timetable(s);
        return;
      }
      Plan plan = plan(s, now);
      List<Job> jobs = new ArrayList<>();
      if (s.overlapPolicy() == OverlapPolicy.SKIP
          && !plan.fireTimes.isEmpty()
          && store.hasUnfinishedJob(s.id())) {
        log.info(
            "Schedule {} skipped its fire at {}: its previous job is unfinished",
            s.id(),
            Json.time(plan.fireTimes.get(plan.fireTimes.size() - 1)));
      } else {
        for (Instant t : plan.fireTimes) {
          jobs.add(spawn(s, t, now));
        }
      }
      Schedule next =
          copy(s, plan.status, plan.nextRunAt, s.runCount() + jobs.size(), now, s.version() + 1);
      if (store.fire(new ScheduleFire(next, s.version(), jobs))) {
        for (Job job : jobs) {
          events.submitted(job);
          queueJob.accept(job);
        }
        if (plan.status == ScheduleStatus.COMPLETED) {
          log.info("Schedule {} completed after {} run(s)", s.id(), next.runCount());
        }
        timetable(next);
        return;
      }
      // Another node fired it, or it was updated: read it again.
    }
  }

  /** What one fire does. */
  record Plan(List<Instant> fireTimes, Instant nextRunAt, ScheduleStatus status) {}

  /** Works out the jobs to spawn now and the schedule's next fire. */
  static Plan plan(Schedule s, Instant now) {
    Cadence cadence = cadence(s);
    List<Instant> due = new ArrayList<>();
    Instant t = s.nextRunAt();
    while (t != null && !t.isAfter(now) && due.size() < MAX_PLANNED) {
      due.add(t);
      t = cadence.next(t).orElse(null);
    }
    if (t != null && !t.isAfter(now)) {
      // Very long downtime: jump to the cadence after now instead of walking every fire.
      t =
          cadence instanceof IntervalCadence interval
              ? interval.nextOnCadence(s.nextRunAt(), now)
              : cadence.next(now).orElse(null);
    }
    if (s.stopAt() != null) {
      due.removeIf(time -> !time.isBefore(s.stopAt()));
    }
    List<Instant> fire = new ArrayList<>();
    boolean missed =
        !due.isEmpty() && Duration.between(due.get(0), now).compareTo(MISFIRE_THRESHOLD) > 0;
    switch (s.misfirePolicy()) {
      case FIRE_ONCE -> {
        if (!due.isEmpty()) {
          fire.add(due.get(due.size() - 1));
        }
      }
      case SKIP -> {
        for (Instant time : due) {
          if (Duration.between(time, now).compareTo(MISFIRE_THRESHOLD) <= 0) {
            fire.add(time);
          }
        }
      }
      case FIRE_ALL ->
          fire.addAll(
              due.subList(Math.max(0, due.size() - MisfirePolicy.MAX_CATCH_UP), due.size()));
    }
    if (missed) {
      log.info(
          "Schedule {} missed {} fire(s) since {}; {} applies: {} job(s) now",
          s.id(),
          due.size(),
          Json.time(due.get(0)),
          s.misfirePolicy().json(),
          fire.size());
    }
    if (s.runs() != null) {
      int remaining = Math.max(0, s.runs() - s.runCount());
      if (fire.size() > remaining) {
        fire = new ArrayList<>(fire.subList(0, remaining));
      }
    }
    boolean runsReached = s.runs() != null && s.runCount() + fire.size() >= s.runs();
    boolean stopped = t == null || (s.stopAt() != null && !t.isBefore(s.stopAt()));
    return runsReached || stopped
        ? new Plan(fire, null, ScheduleStatus.COMPLETED)
        : new Plan(fire, t, ScheduleStatus.ACTIVE);
  }

  static Cadence cadence(Schedule s) {
    return s.cron() != null
        ? CronCadence.parse(s.cron(), s.timezone())
        : new IntervalCadence(s.interval().toDuration());
  }

  /** The first fire of a new or re-timed schedule: the next cron match, or one interval on. */
  private static Instant first(Schedule s, Instant now) {
    return cadence(s).next(now).orElse(null);
  }

  private static Schedule withNext(Schedule s, Instant first) {
    boolean ended =
        first == null
            || (s.stopAt() != null && !first.isBefore(s.stopAt()))
            || (s.runs() != null && s.runCount() >= s.runs());
    return ended
        ? copy(s, ScheduleStatus.COMPLETED, null, s.runCount(), s.updatedAt(), s.version())
        : copy(s, ScheduleStatus.ACTIVE, first, s.runCount(), s.updatedAt(), s.version());
  }

  private static Job spawn(Schedule s, Instant fireTime, Instant now) {
    return job(
        s, UUID.randomUUID(), fireTime, fireTime, s.id() + "." + fireTime.toEpochMilli(), now);
  }

  private static Job job(
      Schedule s, UUID id, Instant scheduledFor, Instant runAt, String key, Instant now) {
    return new Job(
        id,
        s.account(),
        s.name(),
        s.handler(),
        s.payload(),
        JobStatus.PENDING,
        scheduledFor,
        runAt,
        now,
        now,
        0,
        s.maxRetries(),
        s.timeout(),
        s.delivery(),
        key,
        s.id(),
        null,
        null);
  }

  private static Schedule schedule(
      UUID id,
      ScheduleRequest r,
      Instant createdAt,
      Instant now,
      int runCount,
      long version,
      Instant nextRunAt) {
    return new Schedule(
        id,
        r.account(),
        r.key(),
        r.name(),
        r.description(),
        r.handler(),
        ScheduleStatus.ACTIVE,
        r.cron() == null ? null : r.cron().strip(),
        r.interval(),
        ZoneId.of(r.timezone()),
        nextRunAt,
        r.runs(),
        runCount,
        r.stopAt() == null ? null : r.stopAt().truncatedTo(ChronoUnit.MICROS),
        r.delivery(),
        r.payload(),
        r.timeout(),
        r.maxRetries(),
        r.misfirePolicy(),
        r.overlapPolicy(),
        createdAt,
        now,
        version);
  }

  private static Schedule copy(
      Schedule s,
      ScheduleStatus status,
      Instant nextRunAt,
      int runCount,
      Instant now,
      long version) {
    return new Schedule(
        s.id(),
        s.account(),
        s.key(),
        s.name(),
        s.description(),
        s.handler(),
        status,
        s.cron(),
        s.interval(),
        s.timezone(),
        nextRunAt,
        s.runs(),
        runCount,
        s.stopAt(),
        s.delivery(),
        s.payload(),
        s.timeout(),
        s.maxRetries(),
        s.misfirePolicy(),
        s.overlapPolicy(),
        s.createdAt(),
        now,
        version);
  }
}
