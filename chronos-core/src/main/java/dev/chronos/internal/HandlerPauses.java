package dev.chronos.internal;

import dev.chronos.spi.JobSelector;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers paused on this node ({@link dev.chronos.Chronos#pause}): the feeders, the dispatcher
 * and this node's pull workers leave their jobs alone while they are paused. Only this node's
 * memory changes; the store is not told. Thread-safe: a concurrent set, read on every feed, claim
 * and start.
 */
final class HandlerPauses {
  private final Set<String> paused = ConcurrentHashMap.newKeySet();

  /** Pauses a handler; true if it was not paused before. */
  boolean pause(String handler) {
    return paused.add(handler);
  }

  /** Resumes a handler; true if it was paused. */
  boolean resume(String handler) {
    return paused.remove(handler);
  }

  boolean isPaused(String handler) {
    return handler != null && !paused.isEmpty() && paused.contains(handler);
  }

  /** The paused handlers, a copy. */
  Set<String> names() {
    return Set.copyOf(paused);
  }

  /** The selector without the paused handlers (push jobs stay as they were). */
  JobSelector without(JobSelector selector) {
    if (paused.isEmpty()) {
      return selector;
    }
    return new JobSelector(unpaused(selector.handlers()), selector.push(), selector.account());
  }

  /** The names that are not paused. */
  Set<String> unpaused(Set<String> handlers) {
    if (paused.isEmpty()) {
      return handlers;
    }
    Set<String> left = new HashSet<>(handlers);
    left.removeAll(paused);
    return left;
  }
}
