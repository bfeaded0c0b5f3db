package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.memory.InMemoryJobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's third reproduction: an {@code onCompleted} that sleeps 500 ms used to run on the
 * recorder thread, so outcomes waited behind it until leases ended and completed jobs ran again.
 */
class SlowListenerTest {
  private final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final List<String> listenerThreads = new CopyOnWriteArrayList<>();

  @Test
  void a_listener_sleeping_half_a_second_per_completion_makes_no_job_run_twice() throws Exception {
    InMemoryJobStore store = new InMemoryJobStore();
    try (LogLines lines = LogLines.capture();
        Chronos chronos =
            Chronos.builder()
                .store(store)
                .leaseGrace(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(100))
                .handler(
                    "work",
                    ctx ->
                        runs.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger())
                            .incrementAndGet())
                .listener(
                    new JobListener() {
                      @Override
                      public void onCompleted(Job job, Execution execution) {
                        listenerThreads.add(Thread.currentThread().getName());
                        try {
                          TimeUnit.MILLISECONDS.sleep(500);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      }
                    })
                .build()
                .start()) {
      // A first job loads the classes a first attempt needs (on a busy machine that alone can take
      // longer than the 1 s timeout); the listener hears it before the 30 jobs start.
      Job warmUp = chronos.submit(JobRequest.builder().name("warm-up").handler("work").build());
      await().atMost(Duration.ofSeconds(10)).until(() -> listenerThreads.size() == 1);
      runs.remove(warmUp.id());
      Instant start = Instant.now().plusMillis(200);
      List<JobRequest> requests = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        requests.add(
            JobRequest.builder()
                .name("job " + i)
                .handler("work")
                .timeoutSeconds(1)
                .scheduledFor(start.plusMillis(100L * i))
                .build());
      }
      List<Job> jobs = chronos.submitAll(requests);

      // 30 completions take the listener 15 s; the jobs complete at their own pace meanwhile.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  jobs.stream()
                      .allMatch(
                          j -> chronos.job(j.id()).orElseThrow().status() == JobStatus.COMPLETED));
      // Past every lease (1 s + 1 s): nothing was rescued and run again.
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(4))
          .until(() -> runs.values().stream().allMatch(n -> n.get() == 1));

      // 30 completions take the listener 15 s: some still wait for it, none was dropped.
      assertThat(chronos.stats().listenerQueueDepth()).isPositive();
      assertThat(chronos.stats().listenerOverflow()).isZero();
      assertThat(runs).hasSize(30).allSatisfy((id, n) -> assertThat(n).hasValue(1));
      for (Job job : jobs) {
        assertThat(chronos.executions(job.id())).hasSize(1);
      }
      assertThat(listenerThreads).isNotEmpty().containsOnly("chronos-listener");
      assertThat(lines.records())
          .filteredOn(r -> r.contains("took") && r.contains("WARN"))
          .hasSize(1)
          .allSatisfy(r -> assertThat(r).contains("on onCompleted"));
    }
  }
}
