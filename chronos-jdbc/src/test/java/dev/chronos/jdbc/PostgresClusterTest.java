package dev.chronos.jdbc;

import java.time.Duration;

/** {@link ClusterTest} on PostgreSQL: 20,000 jobs, and a cross-node wake-up by NOTIFY. */
class PostgresClusterTest extends ClusterTest {
  @Override
  SharedDatabase server() {
    return PostgresDatabase.SERVER;
  }

  @Override
  int jobs() {
    return 20_000;
  }

  @Override
  int minimumPerNode() {
    return 1_000;
  }

  @Override
  Duration workerPoll() {
    return Duration.ofHours(1); // only a notification can bring the job in time
  }
}
