package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's fourth reproduction: handlers blocked in a call that ignores interrupts kept their
 * threads after their timeout while the node went on claiming, until 400 jobs held 400 threads.
 */
class AbandonedThreadsTest {
  private final CountDownLatch unblock = new CountDownLatch(1);
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger maxLiveWorkers = new AtomicInteger();

  /** Waits for {@code unblock}, ignoring every interrupt, like a socket read. */
  private Object stubborn(JobContext ctx) {
    inside.incrementAndGet();
    try {
      while (true) {
        try {
          if (unblock.await(1, TimeUnit.MINUTES)) {
            return "unblocked";
          }
        } catch (InterruptedException ignored) {
          // a socket read would not notice either
        }
      }
    } finally {
      inside.decrementAndGet();
    }
  }

  private static int liveWorkers() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("chronos-worker-"))
            .count();
  }

  @Test
  void handlers_that_ignore_their_timeout_stop_the_node_claiming_and_the_threads_stay_bounded() {
    int before = liveWorkers();
    List<Job> jobs = new ArrayList<>();
    try (LogLines lines = LogLines.capture();
        ChronosEngine chronos =
            TestNodes.withWorkers(
                TestNodes.builder(new InMemoryJobStore(), dev.chronos.testing.MutableClock.fixed())
                    .clock(Clock.systemUTC())
                    .workerThreads(4)
                    .maxAbandonedThreads(4)
                    .pollInterval(Duration.ofMillis(100))
                    .leaseGrace(Duration.ofSeconds(1))
                    .handler("stubborn", this::stubborn))) {
      chronos.start();
      for (int i = 0; i < 60; i++) {
        jobs.add(
            chronos.submit(
                JobRequest.builder()
                    .name("stuck " + i)
                    .handler("stubborn")
                    .timeoutSeconds(1)
                    .build()));
      }

      // Four time out and are abandoned (their slots freed), four more time out beyond the limit
      // and keep their slots: then nothing more is claimed.
      await().atMost(Duration.ofSeconds(20)).until(() -> chronos.stats().claimingStopped());
      assertThat(chronos.stats().abandonedThreads()).isGreaterThan(4);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                maxLiveWorkers.accumulateAndGet(liveWorkers() - before, Math::max);
                return inside.get() <= 8;
              });
      // At most 4 + 4 threads inside handlers; the pool may hold an idle thread or two besides
      // (one that handed back an attempt released before it started), never hundreds.
      assertThat(maxLiveWorkers.get()).isLessThanOrEqualTo(8 + 4);
      assertThat(lines.records())
          .filteredOn(r -> r.contains("ERROR dev.chronos.dispatcher"))
          .hasSize(1)
          .allSatisfy(r -> assertThat(r).contains("maxAbandonedThreads = 4"));
      assertThat(lines.text()).contains("AbandonedThreadsTest.stubborn");
      long claimed =
          jobs.stream().filter(j -> chronos.job(j.id()).orElseThrow().attempts() > 0).count();
      assertThat(claimed).isLessThan(60);

      // Once the stuck calls return, the node claims again and every job completes.
      unblock.countDown();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  jobs.stream()
                      .allMatch(
                          j -> chronos.job(j.id()).orElseThrow().status() == JobStatus.COMPLETED));
      assertThat(chronos.stats().abandonedThreads()).isZero();
      assertThat(chronos.stats().claimingStopped()).isFalse();
      assertThat(lines.records()).anyMatch(r -> r.contains("claims jobs again"));
    } finally {
      unblock.countDown();
    }
  }
}
