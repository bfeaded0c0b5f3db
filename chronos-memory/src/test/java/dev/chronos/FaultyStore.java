package dev.chronos;

import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.ExpiredLease;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.RegisteredNode;
import dev.chronos.spi.ScheduleFire;
import dev.chronos.spi.WaitingHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The real memory store with faults injected where a test says: writing an outcome can be made to
 * throw what a database would (refused data, an outage). Everything else is the memory store's own
 * behaviour. Records the size of every batch of outcomes it was asked to write.
 */
public final class FaultyStore implements JobStore {
  private final InMemoryJobStore store = new InMemoryJobStore();
  private volatile Function<ExecutionOutcome, RuntimeException> outcomeFault = o -> null;
  private volatile RuntimeException expiredLeasesFault;

  /** Sizes of the batches {@link #finishAll} was called with, in order (refused ones included). */
  public final List<Integer> batches = new CopyOnWriteArrayList<>();

  /** Makes writing any batch that holds an outcome the function maps to an exception throw it. */
  public void failOutcomes(Function<ExecutionOutcome, RuntimeException> fault) {
    this.outcomeFault = fault;
  }

  /** Makes {@link #findExpiredLeases} throw, or answer again with null. */
  public void failExpiredLeases(RuntimeException fault) {
    this.expiredLeasesFault = fault;
  }

  /** A refusal as chronos-jdbc reports data PostgreSQL will not take. */
  public static StoreRejectedException refused() {
    return new StoreRejectedException(
        "invalid byte sequence for encoding \"UTF8\": 0x00", new IllegalStateException("22021"));
  }

  /** An outage as chronos-jdbc reports an unreachable database. */
  public static StoreUnavailableException unavailable() {
    return new StoreUnavailableException("connection refused", new IllegalStateException("08001"));
  }

  @Override
  public List<Optional<Attempt>> finishAll(List<ExecutionOutcome> outcomes, Instant now) {
    batches.add(outcomes.size());
    for (ExecutionOutcome outcome : outcomes) {
      RuntimeException fault = outcomeFault.apply(outcome);
      if (fault != null) {
        throw fault;
      }
    }
    return store.finishAll(outcomes, now);
  }

  @Override
  public Optional<Attempt> finish(ExecutionOutcome outcome, Instant now) {
    return finishAll(List.of(outcome), now).get(0);
  }

  @Override
  public List<ExpiredLease> findExpiredLeases(Instant now, int limit) {
    RuntimeException fault = expiredLeasesFault;
    if (fault != null) {
      throw fault;
    }
    return store.findExpiredLeases(now, limit);
  }

  @Override
  public void insert(Job job) {
    store.insert(job);
  }

  @Override
  public void insertAll(List<Job> jobs) {
    store.insertAll(jobs);
  }

  @Override
  public Optional<Job> find(UUID jobId) {
    return store.find(jobId);
  }

  @Override
  public Optional<Job> findByIdempotencyKey(String account, String idempotencyKey) {
    return store.findByIdempotencyKey(account, idempotencyKey);
  }

  @Override
  public Page<Job> query(JobQuery query) {
    return store.query(query);
  }

  @Override
  public List<DueJob> findDue(JobSelector selector, Instant horizon, int limit) {
    return store.findDue(selector, horizon, limit);
  }

  @Override
  public List<Attempt> claim(
      Collection<UUID> jobIds, String node, Instant now, Duration leaseGrace) {
    return store.claim(jobIds, node, now, leaseGrace);
  }

  @Override
  public List<Attempt> claimDue(
      JobSelector selector, int max, String node, Instant now, Duration leaseGrace) {
    return store.claimDue(selector, max, node, now, leaseGrace);
  }

  @Override
  public Optional<Execution> extend(UUID executionId, Instant leaseExpiresAt, Instant now) {
    return store.extend(executionId, leaseExpiresAt, now);
  }

  @Override
  public List<Execution> findRunning(String node, int limit) {
    return store.findRunning(node, limit);
  }

  @Override
  public Job cancel(UUID jobId, Instant now) {
    return store.cancel(jobId, now);
  }

  @Override
  public Optional<Job> insertIfAbsent(Job job, boolean requireSamePayload) {
    return store.insertIfAbsent(job, requireSamePayload);
  }

  @Override
  public Job retry(UUID jobId, Instant now) {
    return store.retry(jobId, now);
  }

  @Override
  public List<Job> retryAll(Collection<UUID> jobIds, Instant now) {
    return store.retryAll(jobIds, now);
  }

  @Override
  public Job runNow(UUID jobId, Instant now) {
    return store.runNow(jobId, now);
  }

  @Override
  public Job reschedule(UUID jobId, Instant runAt, Instant now) {
    return store.reschedule(jobId, runAt, now);
  }

  @Override
  public List<Job> cancelAll(Collection<UUID> jobIds, Instant now) {
    return store.cancelAll(jobIds, now);
  }

  @Override
  public Optional<Schedule> insertScheduleIfAbsent(Schedule schedule) {
    return store.insertScheduleIfAbsent(schedule);
  }

  @Override
  public Optional<Schedule> findScheduleByKey(String account, String key) {
    return store.findScheduleByKey(account, key);
  }

  @Override
  public List<Execution> executions(UUID jobId) {
    return store.executions(jobId);
  }

  @Override
  public int purge(Set<JobStatus> statuses, Instant before, int limit) {
    return store.purge(statuses, before, limit);
  }

  @Override
  public List<WaitingHandler> waitingHandlers(Instant dueBefore, Set<String> excluded, int limit) {
    return store.waitingHandlers(dueBefore, excluded, limit);
  }

  @Override
  public void registerNode(RegisteredNode node, Duration timeout) {
    store.registerNode(node, timeout);
  }

  @Override
  public boolean heartbeat(
      String nodeId, UUID registrationId, Set<String> pulledHandlers, Instant now) {
    return store.heartbeat(nodeId, registrationId, pulledHandlers, now);
  }

  @Override
  public List<RegisteredNode> liveNodes(Instant now, Duration timeout) {
    return store.liveNodes(now, timeout);
  }

  @Override
  public void unregisterNode(String nodeId, UUID registrationId) {
    store.unregisterNode(nodeId, registrationId);
  }

  @Override
  public int removeDeadNodes(Instant heartbeatBefore) {
    return store.removeDeadNodes(heartbeatBefore);
  }

  @Override
  public boolean acquireLease(String name, String holder, Instant now, Duration duration) {
    return store.acquireLease(name, holder, now, duration);
  }

  @Override
  public void releaseLease(String name, String holder) {
    store.releaseLease(name, holder);
  }

  @Override
  public void insertSchedule(Schedule schedule) {
    store.insertSchedule(schedule);
  }

  @Override
  public Optional<Schedule> findSchedule(UUID scheduleId) {
    return store.findSchedule(scheduleId);
  }

  @Override
  public Page<Schedule> querySchedules(ScheduleQuery query) {
    return store.querySchedules(query);
  }

  @Override
  public boolean replaceSchedule(Schedule next, long expectedVersion) {
    return store.replaceSchedule(next, expectedVersion);
  }

  @Override
  public boolean fire(ScheduleFire fire) {
    return store.fire(fire);
  }

  @Override
  public List<DueJob> findDueSchedules(Instant horizon, int limit) {
    return store.findDueSchedules(horizon, limit);
  }

  @Override
  public boolean hasUnfinishedJob(UUID scheduleId) {
    return store.hasUnfinishedJob(scheduleId);
  }

  @Override
  public List<Job> cancelScheduleJobs(UUID scheduleId, Instant now) {
    return store.cancelScheduleJobs(scheduleId, now);
  }

  @Override
  public String describe() {
    return "faulty-memory";
  }
}
