package dev.chronos.internal;

import dev.chronos.spi.JobStore;
import dev.chronos.spi.WaitingHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns, once per handler name on this node, when pull jobs have waited longer than a threshold for
 * a handler that no live node registers and no pull worker asked for within {@link
 * NodeRegistry#PULL_RECENCY}: a typo in a handler name, or a worker that is not deployed, would
 * otherwise leave jobs pending without a word. Looks at most every half threshold (and at least
 * every 30 s), on the rescuer loop, reading at most the {@value #SCAN} earliest overdue jobs: in a
 * healthy cluster only unserved jobs are overdue, and during a backlog of served jobs the warning
 * may come late, but the read stays bounded. Thread-safe (one loop calls it; the set of reported
 * names is concurrent for tests that read it).
 */
final class UnservedJobsWarning {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.nodes");
  static final int SCAN = 1_000;
  private static final Duration MAX_EVERY = Duration.ofSeconds(30);

  private final JobStore store;
  private final Clock clock;
  private final NodeRegistry registry;
  private final Duration threshold;
  private final Duration every;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private volatile Instant nextCheck = Instant.MIN;

  UnservedJobsWarning(JobStore store, Clock clock, NodeRegistry registry, Duration threshold) {
    this.store = store;
    this.clock = clock;
    this.registry = registry;
    this.threshold = threshold;
    Duration half = threshold.dividedBy(2);
    this.every = half.compareTo(MAX_EVERY) > 0 ? MAX_EVERY : half;
  }

  /** Looks for unserved waiting jobs if the last look is long enough ago. */
  void checkIfDue() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (now.isBefore(nextCheck)) {
      return;
    }
    Set<String> excluded = new HashSet<>(registry.servedHandlers(now));
    excluded.addAll(reported);
    List<WaitingHandler> waiting = store.waitingHandlers(now.minus(threshold), excluded, SCAN);
    nextCheck = now.plus(every);
    for (WaitingHandler w : waiting) {
      if (reported.add(w.handler())) {
        log.warn(
            "Jobs for handler '{}' have waited since {} (longer than {}), and no live node"
                + " registers that handler and no pull worker asked for it in the last {}:"
                + " register it on a node (ChronosBuilder.handler) or run a pull worker for it;"
                + " check the name for typos. Reported once per handler on node {}.",
            w.handler(),
            Json.time(w.oldestRunAt()),
            text(threshold),
            text(NodeRegistry.PULL_RECENCY),
            registry.nodeId());
      }
    }
  }

  /** A duration as people write it: {@code 90 s}, {@code 1 min}, {@code 5 min}, {@code 2 h}. */
  static String text(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 60 || seconds % 60 != 0) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    return minutes < 120 || minutes % 60 != 0 ? minutes + " min" : minutes / 60 + " h";
  }
}
