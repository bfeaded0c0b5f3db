package dev.chronos.benchmarks.jmh;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.memory.InMemoryJobStore;
import java.util.ArrayList;
import java.util.List;
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
 * {@link Chronos#submit} and {@link Chronos#submitAll} on the in-memory store: building the
 * request, validation, the idempotency check and the insert. Jobs are due in a day, so none is
 * queued or run; each iteration starts with an empty store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SubmitBenchmark {
  private static final int BATCH = 100;

  private Chronos chronos;
  private long next;

  /** A fresh node and store. */
  @Setup(Level.Iteration)
  public void open() {
    chronos = Chronos.builder().store(new InMemoryJobStore()).build();
  }

  /** Closes the node. */
  @TearDown(Level.Iteration)
  public void close() {
    chronos.close();
  }

  private JobRequest request(boolean keyed) {
    JobRequest.Builder b =
        JobRequest.builder().name("bench").handler("noop").delay(1, DelayUnit.DAY);
    return keyed ? b.idempotencyKey("key-" + next++).build() : b.build();
  }

  /** One submit with a fresh idempotency key. */
  @Benchmark
  public Job submitWithKey() {
    return chronos.submit(request(true));
  }

  /** One submit without a key. */
  @Benchmark
  public Job submitWithoutKey() {
    return chronos.submit(request(false));
  }

  /** A batch of keyed submits; the score is per job. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Job> submitAllWithKeys() {
    List<JobRequest> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add(request(true));
    }
    return chronos.submitAll(batch);
  }
}
