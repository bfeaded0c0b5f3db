package dev.chronos.benchmarks.jmh;

import dev.chronos.Chronos;
import dev.chronos.JobRequest;
import dev.chronos.memory.InMemoryJobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dispatcher's hand-off, through the public API on the in-memory store: a job due now is
 * submitted on a started node, goes straight into its due queue, is claimed by the {@code
 * chronos-dispatcher} thread and run on a worker; the benchmark thread waits until the handler
 * runs. {@code single} is the latency of one job from submit to handler start; {@code burst} the
 * throughput of 256 jobs at once (score per job).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DispatcherHandOffBenchmark {
  private static final int BURST = 256;

  private final Semaphore ran = new Semaphore(0);
  private Chronos chronos;

  /** A fresh started node whose handler releases a permit. */
  @Setup(Level.Iteration)
  public void open() {
    chronos =
        Chronos.builder()
            .store(new InMemoryJobStore())
            .workerThreads(16)
            .handler(
                "noop",
                ctx -> {
                  ran.release();
                  return null;
                })
            .build()
            .start();
  }

  /** Closes the node. */
  @TearDown(Level.Iteration)
  public void close() {
    chronos.close();
    ran.drainPermits();
  }

  private static JobRequest dueNow() {
    return JobRequest.builder().name("bench").handler("noop").build();
  }

  /**
   * Submit one job due now and wait for its handler to start.
   *
   * @throws InterruptedException never, in practice
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void single() throws InterruptedException {
    chronos.submit(dueNow());
    ran.acquire();
  }

  /**
   * Submit 256 jobs due now in one batch and wait for every handler.
   *
   * @throws InterruptedException never, in practice
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BURST)
  public void burst() throws InterruptedException {
    List<JobRequest> batch = new ArrayList<>(BURST);
    for (int i = 0; i < BURST; i++) {
      batch.add(dueNow());
    }
    chronos.submitAll(batch);
    ran.acquire(BURST);
  }
}
