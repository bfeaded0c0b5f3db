package dev.chronos.benchmarks.systems;

import java.nio.file.Path;

/**
 * What every system gets alike in one harness run.
 *
 * @param threads worker threads (handler threads, executor threads, claim loops)
 * @param postgres the PostgreSQL server
 * @param workDir where file databases go (each run in its own sub-folder)
 * @param seedRows rows to fill each system's tables with before a workload ({@code --seed-rows})
 */
public record RunSettings(int threads, Postgres postgres, Path workDir, int seedRows) {

  /**
   * Settings without seeding.
   *
   * @param threads worker threads
   * @param postgres the PostgreSQL server
   * @param workDir where file databases go
   */
  public RunSettings(int threads, Postgres postgres, Path workDir) {
    this(threads, postgres, workDir, 0);
  }

  /**
   * The connection pool size every JDBC system gets: the worker threads plus two.
   *
   * @return the pool size
   */
  public int poolSize() {
    return threads + 2;
  }
}
