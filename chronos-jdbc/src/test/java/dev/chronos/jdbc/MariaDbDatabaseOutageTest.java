package dev.chronos.jdbc;

/** {@link DatabaseOutageTest} on the chaos suite's own MariaDB server ({@link PrivateMariaDb}). */
class MariaDbDatabaseOutageTest extends DatabaseOutageTest {
  @Override
  ChaosDatabase database() {
    return PrivateMariaDb.DATABASE;
  }
}
