package dev.chronos.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Races for the contract tests: tasks released at once, each on a thread of its own. */
final class Races {
  private Races() {}

  /**
   * Runs {@code n} tasks released at once, on their own threads.
   *
   * @return their results in task order
   * @throws AssertionError if a task failed or did not finish within a minute
   */
  static <T> List<T> race(int n, Task<T> task) {
    ExecutorService executor = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            executor.submit(
                () -> {
                  ready.countDown();
                  start.await();
                  return task.run(index);
                }));
      }
      assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        try {
          results.add(future.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          throw new AssertionError("a racing task failed", e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError("a racing task did not finish", e);
        }
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      executor.shutdownNow();
    }
  }

  /** One racer's work. */
  @FunctionalInterface
  interface Task<T> {
    /**
     * Does the work.
     *
     * @param index the racer's number, from 0
     * @return its result
     * @throws Exception if it failed
     */
    T run(int index) throws Exception;
  }
}
