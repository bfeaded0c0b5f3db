package dev.chronos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.ClaimedJob;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.LeaseExpiredException;
import dev.chronos.PullWorker;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
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
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The {@link PullWorker} of one node: claims through the store's {@code claimDue} with no lease
 * grace (the lease is the job's timeout), waits in {@link PullWaiters}, and reports through {@code
 * finish} and {@code extend}, fenced by execution id. Errors and results go through {@link
 * StoredText} (cleaned, results capped at the node's {@code maxResultSize}). Thread-safe; holds no
 * state of its own.
 */
final class NodePullWorker implements PullWorker {
  private static final Duration MAX_EXTENSION = Duration.ofDays(7);

  private final String workerId;
  private final JobStore store;
  private final Clock clock;
  private final Events events;
  private final PullWaiters waiters;
  private final Consumer<Job> requeue;
  private final IntFunction<Instant> retryAt;
  private final Runnable ensureOpen;
  private final Consumer<Set<String>> onClaim;
  private final ObjectMapper mapper;
  private final int maxResultSize;
  private final ClaimFence fence;

  /** Executions claimed by workers named as the node, which reconcile must not give back. */
  private final Set<UUID> nodeClaims;

  private final boolean namedAsNode;

  /** Handlers paused on the node: never claimed through it. */
  private final HandlerPauses pauses;

  NodePullWorker(
      String workerId,
      JobStore store,
      Clock clock,
      Events events,
      PullWaiters waiters,
      Consumer<Job> requeue,
      IntFunction<Instant> retryAt,
      Runnable ensureOpen,
      Consumer<Set<String>> onClaim,
      ObjectMapper mapper,
      int maxResultSize,
      ClaimFence fence,
      Set<UUID> nodeClaims,
      boolean namedAsNode,
      HandlerPauses pauses) {
    this.mapper = mapper;
    this.pauses = pauses;
    this.workerId = workerId;
    this.store = store;
    this.clock = clock;
    this.events = events;
    this.waiters = waiters;
    this.requeue = requeue;
    this.retryAt = retryAt;
    this.ensureOpen = ensureOpen;
    this.onClaim = onClaim;
    this.maxResultSize = maxResultSize;
    this.fence = fence;
    this.nodeClaims = nodeClaims;
    this.namedAsNode = namedAsNode;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public List<ClaimedJob> claim(Set<String> handlers, int max, Duration wait) {
    return claim(null, handlers, max, wait);
  }

  @Override
  public List<ClaimedJob> claim(String account, Set<String> handlers, int max, Duration wait) {
    if (account != null && account.isBlank()) {
      throw new IllegalArgumentException("account must not be blank");
    }
    Objects.requireNonNull(handlers, "handlers");
    Objects.requireNonNull(wait, "wait");
    if (handlers.isEmpty()) {
      throw new IllegalArgumentException("Name at least one handler to claim jobs for");
    }
    for (String name : handlers) {
      String problem = HandlerNames.problem(name);
      if (problem != null) {
        throw new IllegalArgumentException("Handler name " + problem + ": '" + name + "'");
      }
    }
    if (max < 1 || max > MAX_CLAIM) {
      throw new IllegalArgumentException("max must be 1 to " + MAX_CLAIM + ", was " + max);
    }
    if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException("wait must be between 0 and 20 s, was " + wait);
    }
    ensureOpen.run();
    Set<String> names = Set.copyOf(handlers);
    onClaim.accept(names);
    if (wait.isZero()) {
      return claimNow(names, account, max);
    }
    PullWaiters.Group group = waiters.join(JobSelector.handlers(names).forAccount(account));
    if (group == null) {
      return List.of(); // closed meanwhile
    }
    try {
      long end = System.nanoTime() + wait.toNanos();
      while (true) {
        List<ClaimedJob> claimed = claimNow(names, account, max);
        if (!claimed.isEmpty()) {
          return claimed;
        }
        long left = end - System.nanoTime();
        if (left <= 0 || !waiters.await(group, left)) {
          return List.of();
        }
      }
    } finally {
      waiters.leave(group);
    }
  }

  /**
   * Claims what is due now for the names not paused on the node (read again at every claim), of one
   * account or, when it is null, of every account.
   */
  private List<ClaimedJob> claimNow(Set<String> names, String account, int max) {
    JobSelector selector = JobSelector.handlers(pauses.unpaused(names)).forAccount(account);
    if (selector.isEmpty()) {
      return List.of();
    }
    List<Attempt> attempts =
        fence.claim(
            () -> {
              List<Attempt> claimed = store.claimDue(selector, max, workerId, now(), Duration.ZERO);
              if (namedAsNode) {
                claimed.forEach(a -> nodeClaims.add(a.execution().id()));
              }
              return claimed;
            });
    List<ClaimedJob> claimed = new ArrayList<>(attempts.size());
    for (Attempt a : attempts) {
      events.started(a);
      Job job = a.job();
      Execution ex = a.execution();
      claimed.add(
          new ClaimedJob(
              job.id(),
              ex.id(),
              ex.attempt(),
              job.name(),
              job.handler(),
              job.payload(),
              job.scheduledFor(),
              ex.leaseExpiresAt(),
              mapper,
              job.account(),
              job.scheduleId(),
              job.maxRetries(),
              a.isLastAttempt()));
    }
    return claimed;
  }

  @Override
  public Job complete(ClaimedJob job, Object result) {
    Objects.requireNonNull(job, "job");
    JsonNode tree = StoredText.result(Json.toTree(mapper, result), maxResultSize);
    return finish(ExecutionOutcome.completed(job.executionId(), tree));
  }

  @Override
  public Job fail(ClaimedJob job, String error) {
    return fail(job, error, true);
  }

  @Override
  public Job fail(ClaimedJob job, String error, boolean retryable) {
    Objects.requireNonNull(job, "job");
    String text = error == null || error.isBlank() ? "failed" : StoredText.error(error);
    return finish(
        ExecutionOutcome.failed(
            job.executionId(), text, retryable ? retryAt.apply(job.attempt()) : null));
  }

  private Job finish(ExecutionOutcome outcome) {
    ensureOpen.run();
    Optional<Attempt> stored = store.finish(outcome, now());
    nodeClaims.remove(outcome.executionId());
    Attempt after = stored.orElseThrow(() -> new LeaseExpiredException(outcome.executionId()));
    events.finished(after);
    requeue.accept(after.job());
    return after.job();
  }

  @Override
  public ClaimedJob extend(ClaimedJob job, Duration duration) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_EXTENSION) > 0) {
      throw new IllegalArgumentException(
          "duration must be positive and at most 7 days, was " + duration);
    }
    ensureOpen.run();
    Instant now = now();
    Execution extended =
        store
            .extend(job.executionId(), now.plus(duration).truncatedTo(ChronoUnit.MICROS), now)
            .orElseThrow(() -> new LeaseExpiredException(job.executionId()));
    return job.withDeadline(extended.leaseExpiresAt());
  }

  @Override
  public String workerId() {
    return workerId;
  }

  @Override
  public String toString() {
    return "PullWorker{" + workerId + "}";
  }
}
