package dev.chronos.jdbc;

/**
 * {@link DatabaseStoppedChaosTest} on the chaos suite's own MariaDB server ({@link
 * PrivateMariaDb}).
 */
class MariaDbDatabaseStoppedChaosTest extends DatabaseStoppedChaosTest {
  @Override
  ChaosDatabase database() {
    return PrivateMariaDb.DATABASE;
  }
}
