package dev.chronos.spring;

import dev.chronos.Chronos;
import dev.chronos.Schedule;
import dev.chronos.ScheduleRequest;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the auto-configured {@link Chronos} node with the application context.
 *
 * <p>Phase {@value #PHASE} ({@code SmartLifecycle.DEFAULT_PHASE - 4096}): the node starts when
 * every bean exists (so handlers and what they use are ready), before the web server, which Spring
 * Boot starts in phase {@code DEFAULT_PHASE - 2048}; it stops after the web server's graceful
 * shutdown ({@code DEFAULT_PHASE - 1024}) and the web server itself, so requests still being served
 * can submit jobs, and before any bean is destroyed, so the {@code DataSource} is open while the
 * node drains. Stopping runs {@link Chronos#close()} on a thread of its own: claiming stops,
 * running handlers get {@code chronos.shutdown-timeout} to finish, the rest are interrupted and
 * their jobs handed back to the store for another node. That timeout is kept within {@code
 * spring.lifecycle.timeout-per-shutdown-phase}, so Spring waits for the drain to end.
 *
 * <p>Starting first applies the {@link ChronosSchedule} declarations with {@link
 * dev.chronos.Schedules#ensure} (one schedule per key, however many nodes start at once), then
 * starts the node. With {@code chronos.auto-start=false} neither happens: the node accepts jobs and
 * runs none.
 */
public class ChronosLifecycle implements SmartLifecycle {
  /** The lifecycle phase: {@code SmartLifecycle.DEFAULT_PHASE - 4096}. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(ChronosLifecycle.class);

  private final Chronos chronos;
  private final boolean autoStart;
  private final List<ScheduleRequest> schedules;
  private volatile boolean running;
  private volatile boolean stopped;

  /**
   * Makes the lifecycle of a node.
   *
   * @param chronos the node
   * @param autoStart whether to start it with the context
   */
  public ChronosLifecycle(Chronos chronos, boolean autoStart) {
    this(chronos, autoStart, List.of());
  }

  /**
   * Makes the lifecycle of a node with declared schedules.
   *
   * @param chronos the node
   * @param autoStart whether to start it with the context
   * @param schedules schedule requests with keys, ensured before the node starts
   */
  public ChronosLifecycle(Chronos chronos, boolean autoStart, List<ScheduleRequest> schedules) {
    this.chronos = Objects.requireNonNull(chronos, "chronos");
    this.autoStart = autoStart;
    this.schedules = List.copyOf(schedules);
  }

  @Override
  public boolean isAutoStartup() {
    return autoStart;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public synchronized void start() {
    if (running || stopped) {
      return;
    }
    for (ScheduleRequest request : schedules) {
      Schedule s = chronos.schedules().ensure(request);
      log.info("Chronos schedule '{}' ensured: {} ({})", s.key(), s.id(), s.status().json());
    }
    chronos.start();
    running = true;
    log.info("Chronos node {} started", chronos.nodeId());
  }

  @Override
  public void stop() {
    drain();
  }

  @Override
  public void stop(Runnable callback) {
    Thread t =
        new Thread(
            () -> {
              try {
                drain();
              } finally {
                callback.run();
              }
            },
            "chronos-shutdown");
    t.start();
  }

  private void drain() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
    }
    long start = System.nanoTime();
    try {
      chronos.close();
    } finally {
      running = false;
      log.info(
          "Chronos node {} stopped in {} ms",
          chronos.nodeId(),
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Whether the node was stopped (it cannot be started again: a closed node stays closed).
   *
   * @return true once stopping began
   */
  public boolean isStopped() {
    return stopped;
  }
}
