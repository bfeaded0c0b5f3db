package dev.chronos.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.ExecutionTrigger;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.spi.PayloadFingerprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Everything the store keeps about one job, guarded by the slot's own monitor.
 *
 * <p>The job is kept as an immutable {@link Job} snapshot whose {@code payload} and {@code result}
 * are left null: those are kept as compact UTF-8 JSON and turned back into fresh trees on every
 * read, so callers can neither change what is stored through a node they hold nor pay for a tree
 * per stored job. The result is kept once, here, for the job and its completed execution (as the
 * JDBC store keeps it on the execution row only); lists leave it out. The executions list is only
 * allocated at the first claim.
 *
 * <p>Thread-safety: every field is written only while holding {@code this}. {@link #state()} and
 * the JSON fields are volatile so that scans (query, findDue, purge) can read them without the
 * lock; {@code result} is written before the {@code COMPLETED} state, so a reader that sees that
 * state sees the result.
 */
final class JobSlot {
  /** The job's id; final, so readable while the slot is still being inserted. */
  final UUID id;

  private final byte[] payload;
  private volatile byte[] result;

  /** The payload's fingerprint, kept with the idempotency key; null for a job without a key. */
  final String fingerprint;

  /** The job without payload and result; null until the insert publishes it. Guarded by this. */
  private volatile Job state;

  /**
   * Attempts that do not count against the retries: those given back unfinished, and every attempt
   * before a manual retry. Guarded by this.
   */
  private int released;

  /** The trigger the next claim records instead of the usual one, or null. Guarded by this. */
  private ExecutionTrigger nextTrigger;

  /** Attempts, first first; null until the first claim. Guarded by this. */
  private ArrayList<Execution> executions;

  /** Counted down when the insert that created the slot is published or rolled back. */
  private volatile CountDownLatch insert;

  JobSlot(Job job, CountDownLatch insert) {
    this.id = job.id();
    this.payload = toBytes(job.payload());
    this.fingerprint = job.idempotencyKey() == null ? null : PayloadFingerprint.of(job.payload());
    this.insert = insert;
  }

  // --- insertion --------------------------------------------------------------------------------

  /** The job as last changed, without payload and result, or null while it is being inserted. */
  Job state() {
    return state;
  }

  /** Whether the slot belongs to the insert that holds this latch and is still in flight. */
  boolean isInsertedBy(CountDownLatch latch) {
    return insert == latch;
  }

  /** Waits until the insert that created this slot was published or rolled back. */
  void awaitInsert() throws InterruptedException {
    CountDownLatch latch = insert;
    if (latch != null) {
      latch.await();
    }
  }

  /** Makes the inserted job visible. Caller holds this. */
  void publish(Job job) {
    assert Thread.holdsLock(this);
    state =
        change(job, job.status(), job.runAt(), job.attempts(), job.updatedAt(), job.lastError());
  }

  /** Forgets the insert's latch once it has been counted down. */
  void settle() {
    insert = null;
  }

  // --- changes, all with the monitor held -------------------------------------------------------

  /** Replaces the job's state. Caller holds this. */
  void setState(Job job) {
    assert Thread.holdsLock(this);
    state = job;
  }

  /** Records a claim: the job's new state and its new running execution. Caller holds this. */
  void start(Job job, Execution execution) {
    assert Thread.holdsLock(this);
    if (executions == null) {
      executions = new ArrayList<>(2);
    }
    executions.add(execution);
    state = job;
  }

  /** The execution that holds the lease, or null if none runs. Caller holds this. */
  Execution running() {
    assert Thread.holdsLock(this);
    if (executions == null || executions.isEmpty()) {
      return null;
    }
    Execution last = executions.get(executions.size() - 1);
    return last.status() == ExecutionStatus.RUNNING ? last : null;
  }

  /** Replaces the running execution (a new lease end or its outcome). Caller holds this. */
  void replaceRunning(Execution execution) {
    assert Thread.holdsLock(this);
    executions.set(executions.size() - 1, execution);
  }

  /** Records the result of the completing attempt, before the job's state says so. */
  void setResult(JsonNode node) {
    assert Thread.holdsLock(this);
    result = toBytes(node);
  }

  /** How many attempts were given back unfinished. Caller holds this. */
  int released() {
    assert Thread.holdsLock(this);
    return released;
  }

  /** Counts one more attempt given back unfinished. Caller holds this. */
  void countRelease() {
    assert Thread.holdsLock(this);
    released++;
  }

  /** Makes every attempt so far uncounted (a manual retry). Caller holds this. */
  void uncountAll(int attempts) {
    assert Thread.holdsLock(this);
    released = attempts;
  }

  /** The trigger the next claim records instead of the usual one, or null. Caller holds this. */
  ExecutionTrigger nextTrigger() {
    assert Thread.holdsLock(this);
    return nextTrigger;
  }

  /** Sets (or clears, with null) the next claim's trigger. Caller holds this. */
  void setNextTrigger(ExecutionTrigger trigger) {
    assert Thread.holdsLock(this);
    nextTrigger = trigger;
  }

  /** A copy of the executions, results left out. Caller holds this. */
  List<Execution> executionStates() {
    assert Thread.holdsLock(this);
    return executions == null ? List.of() : List.copyOf(executions);
  }

  // --- snapshots --------------------------------------------------------------------------------

  /**
   * The full job for a state read from this slot: payload and result as fresh trees.
   *
   * @param state a state of this slot
   * @return the job callers see
   */
  Job toJob(Job state) {
    return toJob(state, state.status() == JobStatus.COMPLETED ? fromBytes(result) : null);
  }

  /**
   * The job as a list shows it: payload as a fresh tree, result left out (null), as every store
   * lists jobs, so that a page does not carry every job's result.
   *
   * @param state a state of this slot
   * @return the job callers see in a list
   */
  Job toListedJob(Job state) {
    return toJob(state, null);
  }

  private Job toJob(Job state, JsonNode resultNode) {
    return new Job(
        state.id(),
        state.account(),
        state.name(),
        state.handler(),
        fromBytes(payload),
        state.status(),
        state.scheduledFor(),
        state.runAt(),
        state.createdAt(),
        state.updatedAt(),
        state.attempts(),
        state.maxRetries(),
        state.timeout(),
        state.delivery(),
        state.idempotencyKey(),
        state.scheduleId(),
        state.lastError(),
        resultNode);
  }

  /**
   * The full execution for an execution state of this slot: the completing one gets the result.
   *
   * @param execution an execution of this slot
   * @return the execution callers see
   */
  Execution toExecution(Execution execution) {
    if (execution.status() != ExecutionStatus.COMPLETED) {
      return execution;
    }
    return new Execution(
        execution.id(),
        execution.jobId(),
        execution.attempt(),
        execution.trigger(),
        execution.status(),
        execution.startedAt(),
        execution.finishedAt(),
        execution.leaseExpiresAt(),
        execution.error(),
        fromBytes(result),
        execution.node(),
        execution.httpStatus());
  }

  /**
   * A new state: the same job with these fields changed, payload and result left out.
   *
   * @return the new state
   */
  static Job change(
      Job job, JobStatus status, Instant runAt, int attempts, Instant updatedAt, String lastError) {
    return new Job(
        job.id(),
        job.account(),
        job.name(),
        job.handler(),
        null,
        status,
        job.scheduledFor(),
        runAt,
        job.createdAt(),
        updatedAt,
        attempts,
        job.maxRetries(),
        job.timeout(),
        job.delivery(),
        job.idempotencyKey(),
        job.scheduleId(),
        lastError,
        null);
  }

  private static byte[] toBytes(JsonNode node) {
    if (node == null) {
      return null;
    }
    return Json.bytes(node);
  }

  private static JsonNode fromBytes(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    return Json.read(bytes);
  }
}
