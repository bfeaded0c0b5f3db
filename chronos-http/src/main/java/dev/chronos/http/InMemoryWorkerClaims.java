package dev.chronos.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Claims kept in the heap, for one server. Thread-safe. */
public final class InMemoryWorkerClaims implements WorkerClaims {
  private final Map<UUID, WorkerClaim> claims = new ConcurrentHashMap<>();

  /** An empty registry. */
  public InMemoryWorkerClaims() {}

  @Override
  public void record(List<WorkerClaim> list) {
    list.forEach(c -> claims.put(c.executionId(), c));
  }

  @Override
  public Optional<WorkerClaim> find(UUID executionId) {
    return Optional.ofNullable(claims.get(executionId));
  }

  @Override
  public void extend(UUID executionId, Instant deadline) {
    claims.computeIfPresent(
        executionId, (id, c) -> new WorkerClaim(id, c.jobId(), c.account(), c.attempt(), deadline));
  }

  @Override
  public int prune(Instant before) {
    int[] removed = {0};
    claims
        .values()
        .removeIf(
            c -> {
              boolean old = c.deadline().isBefore(before);
              if (old) {
                removed[0]++;
              }
              return old;
            });
    return removed[0];
  }
}
