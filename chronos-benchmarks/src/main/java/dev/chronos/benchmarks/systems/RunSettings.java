package dev.chronos.benchmarks.systems;

import java.nio.file.Path;

/**
 * What every system gets alike in one harness run.
 *
 * @param threads worker threads (handler threads, executor threads, claim loops)
 * @param postgres the PostgreSQL server
 * @param workDir where file databases go (each run in its own sub-folder)
 * @param seedRows rows to fill each system's tables with before a workload ({@code --seed-rows})
 * @param mariadb the MariaDB server
 */
public record RunSettings(
    int threads, Postgres postgres, Path workDir, int seedRows, MariaDb mariadb) {

  /** The MariaDB server of the machine, where no other is given. */
  public static final MariaDb DEFAULT_MARIADB =
      new MariaDb("jdbc:mariadb://127.0.0.1:3306/test", "root", "");

  /**
   * Settings without seeding.
   *
   * @param threads worker threads
   * @param postgres the PostgreSQL server
   * @param workDir where file databases go
   */
  public RunSettings(int threads, Postgres postgres, Path workDir) {
    this(threads, postgres, workDir, 0, DEFAULT_MARIADB);
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
