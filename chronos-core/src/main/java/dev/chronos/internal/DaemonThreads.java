package dev.chronos.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Chronos's named daemon threads: none of them keeps the JVM alive. */
final class DaemonThreads {
  private DaemonThreads() {}

  /** Starts a daemon thread with this name. */
  static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * A pool of daemon threads named {@code <prefix>-N}, with no thread limit and no queue: a task
   * runs on an idle thread or a new one, idle threads end after 60 s. Callers bound the work.
   */
  static ExecutorService cachedPool(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
