package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.memory.InMemoryJobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Real threads, real clock: nothing lost, nothing run twice. */
class ConcurrencyTest {

  @Test
  void eight_threads_submitting_100_000_jobs_run_each_exactly_once() throws Exception {
    int threads = 8;
    int perThread = 12_500;
    ConcurrentHashMap<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger completed = new AtomicInteger();
    try (Chronos chronos =
        Chronos.builder()
            .store(new InMemoryJobStore())
            .workerThreads(8)
            .handler(
                "count",
                ctx ->
                    runs.computeIfAbsent(ctx.jobId(), id -> new AtomicInteger()).incrementAndGet())
            .listener(
                new JobListener() {
                  @Override
                  public void onCompleted(Job job, Execution execution) {
                    completed.incrementAndGet();
                  }
                })
            .build()
            .start()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<UUID>>> submitted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        submitted.add(
            pool.submit(
                () -> {
                  go.await();
                  List<UUID> ids = new ArrayList<>(perThread);
                  for (int i = 0; i < perThread; i++) {
                    ids.add(
                        chronos
                            .submit(
                                JobRequest.builder()
                                    .name("job " + thread + "-" + i)
                                    .handler("count")
                                    .build())
                            .id());
                  }
                  return ids;
                }));
      }
      go.countDown();
      List<UUID> all = new ArrayList<>();
      for (Future<List<UUID>> f : submitted) {
        all.addAll(f.get());
      }
      pool.shutdown();

      await()
          .atMost(Duration.ofMinutes(3))
          .untilAsserted(() -> assertThat(completed).hasValue(100_000));

      // Set comparisons: AssertJ's any-order list assertions are quadratic at this size.
      Set<UUID> distinct = new HashSet<>(all);
      assertThat(distinct).hasSize(100_000);
      assertThat(runs.keySet()).isEqualTo(distinct);
      assertThat(runs.values().stream().filter(n -> n.get() != 1).count()).isZero();
      assertThat(chronos.jobs(JobQuery.builder().statuses(JobStatus.COMPLETED).build()).total())
          .isEqualTo(100_000);
    }
  }

  @Test
  void thirty_two_threads_racing_on_one_idempotency_key_create_one_job() throws Exception {
    try (Chronos chronos = Chronos.builder().store(new InMemoryJobStore()).build()) {
      int threads = 32;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Object>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return chronos.submit(
                        JobRequest.builder()
                            .name("Charge invoice inv_789")
                            .handler("charge-invoice")
                            .idempotencyKey("charge-inv_789")
                            .build());
                  } catch (IdempotencyKeyConflictException e) {
                    return e;
                  }
                }));
      }
      go.countDown();
      List<Job> created = new ArrayList<>();
      List<IdempotencyKeyConflictException> conflicts = new ArrayList<>();
      for (Future<Object> f : results) {
        Object r = f.get();
        if (r instanceof Job job) {
          created.add(job);
        } else {
          conflicts.add((IdempotencyKeyConflictException) r);
        }
      }
      pool.shutdown();

      assertThat(created).hasSize(1);
      assertThat(conflicts).hasSize(31);
      assertThat(conflicts)
          .allSatisfy(e -> assertThat(e.existingJobId()).isEqualTo(created.get(0).id()));
      assertThat(chronos.jobs(JobQuery.all()).total()).isEqualTo(1);
    }
  }
}
