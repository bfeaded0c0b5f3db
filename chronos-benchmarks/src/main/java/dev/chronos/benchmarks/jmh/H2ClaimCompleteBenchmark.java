package dev.chronos.benchmarks.jmh;

import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.jdbc.JdbcJobStore;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDBC store's claim and completion on H2, through the {@link JdbcJobStore} SPI methods the
 * dispatcher calls: {@code claim(ids, ...)} for a batch of due jobs, then one {@code finish} per
 * completed execution. The score is the time of one batch; divide by {@code batch} for the time per
 * job. Each iteration starts on a fresh database filled with jobs due now; the benchmark thread
 * inserts more (untimed cost included, rarely) when they run out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class H2ClaimCompleteBenchmark {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final int REFILL = 20_000;

  /** Jobs per claim. */
  @Param({"1", "16", "256"})
  public int batch;

  /** {@code mem}: H2 in memory (the code path); {@code file}: H2 in a file (the default store). */
  @Param({"mem", "file"})
  public String db;

  private JdbcJobStore store;
  private Path dir;
  private final ArrayDeque<UUID> pending = new ArrayDeque<>();

  /**
   * A fresh database full of due jobs.
   *
   * @throws IOException if the folder cannot be made
   */
  @Setup(Level.Iteration)
  public void open() throws IOException {
    JdbcJobStore.Builder b = JdbcJobStore.builder().maxPoolSize(4);
    if (db.equals("file")) {
      dir = Files.createTempDirectory("chronos-jmh-h2");
      b.h2(dir);
    } else {
      b.jdbcUrl("jdbc:h2:mem:jmh" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
    store = b.build();
    pending.clear();
    refill();
  }

  /**
   * Closes the store and deletes its files.
   *
   * @throws IOException if the files cannot be deleted
   */
  @TearDown(Level.Iteration)
  public void close() throws IOException {
    store.close();
    if (dir != null) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      dir = null;
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  private void refill() {
    Instant due = now().minusSeconds(1);
    List<Job> chunk = new ArrayList<>(1000);
    for (int i = 0; i < REFILL; i++) {
      UUID id = UUID.randomUUID();
      chunk.add(
          new Job(
              id,
              "default",
              "bench",
              "noop",
              null,
              JobStatus.PENDING,
              due,
              due,
              due,
              due,
              0,
              3,
              Duration.ofSeconds(30),
              Delivery.pull(),
              null,
              null,
              null,
              null));
      pending.add(id);
      if (chunk.size() == 1000) {
        store.insertAll(chunk);
        chunk.clear();
      }
    }
  }

  private List<UUID> take() {
    if (pending.size() < batch) {
      refill();
    }
    List<UUID> ids = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      ids.add(pending.poll());
    }
    return ids;
  }

  /**
   * Claims a batch and completes each claimed execution, as a node does for no-op handlers.
   *
   * @return how many were completed
   */
  @Benchmark
  public int claimAndComplete() {
    List<Attempt> claimed = store.claim(take(), "jmh", now(), GRACE);
    int done = 0;
    for (Attempt a : claimed) {
      if (store.finish(ExecutionOutcome.completed(a.execution().id(), null), now()).isPresent()) {
        done++;
      }
    }
    return done;
  }

  /**
   * Claims a batch and leaves it running.
   *
   * @return the claimed attempts
   */
  @Benchmark
  public List<Attempt> claimOnly() {
    return store.claim(take(), "jmh", now(), GRACE);
  }
}
