package dev.chronos.internal;

import dev.chronos.StoreUnavailableException;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Instant;

/**
 * The housekeeping one node does on its rescuer loop besides rescuing: its heartbeat in the node
 * registry, the warning about jobs no one serves, and retention. Each step paces itself by the
 * engine's clock, so a round that has nothing due costs no store call. Thread-safe as its parts
 * are.
 */
final class NodeMaintenance {
  private final NodeRegistry registry;
  private final UnservedJobsWarning unserved;
  private final Retention retention;
  private final StoreHealth health;

  NodeMaintenance(EngineSettings settings, StoreHealth health) {
    JobStore store = settings.store();
    Clock clock = settings.clock();
    MaintenanceSettings m = settings.maintenance();
    this.registry =
        new NodeRegistry(
            store,
            clock,
            settings.nodeId(),
            settings.handlers().keySet(),
            settings.push().enabled(),
            m.nodeTimeout());
    this.unserved = new UnservedJobsWarning(store, clock, registry, m.unservedWarning());
    this.retention =
        new Retention(
            store,
            clock,
            settings.nodeId(),
            m.retention(),
            m.failedRetention(),
            settings.pollInterval());
    this.health = health;
  }

  NodeRegistry registry() {
    return registry;
  }

  /** One round: heartbeat, then the warning, then retention; the first failure is rethrown. */
  void runOnce() {
    RuntimeException failure = null;
    for (Runnable step :
        new Runnable[] {registry::heartbeatIfDue, unserved::checkIfDue, retention::purgeIfDue}) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
          if (e instanceof StoreUnavailableException) {
            health.failed("node maintenance", e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Purges every finished job last changed before {@code before}, in batches. */
  long purge(Instant before) {
    return retention.purge(before);
  }

  /** At close: gives the purge lease back and frees the node id. */
  void close() {
    try {
      retention.close();
    } finally {
      registry.unregister();
    }
  }
}
