package dev.chronos.jdbc;

import java.time.Duration;

/**
 * {@link ClusterTest} on MariaDB: 6,000 jobs; no LISTEN/NOTIFY, so the worker's poll (every 500 ms)
 * finds the job submitted on the other node.
 */
class MariaDbClusterTest extends ClusterTest {
  @Override
  SharedDatabase server() {
    return MariaDbDatabase.SERVER;
  }

  @Override
  int jobs() {
    return 6_000;
  }

  @Override
  int minimumPerNode() {
    // Claims of listed jobs wait for each other on MariaDB instead of skipping (see
    // claim_listed.sql); before claims were spread (ClaimSpread) the node whose feeder read first
    // won most overlapping rows (253 / 448 / 5,299); spread, runs at a load average of 10 to 22
    // split 2,701 / 1,148 / 2,151, 1,452 / 2,462 / 2,086 and 2,594 / 1,495 / 1,911.
    return 301;
  }

  @Override
  Duration workerPoll() {
    return Duration.ofMillis(500);
  }
}
