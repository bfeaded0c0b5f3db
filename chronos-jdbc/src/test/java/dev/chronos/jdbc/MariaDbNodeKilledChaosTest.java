package dev.chronos.jdbc;

/** {@link NodeKilledChaosTest} on the chaos suite's own MariaDB server ({@link PrivateMariaDb}). */
class MariaDbNodeKilledChaosTest extends NodeKilledChaosTest {
  @Override
  ChaosDatabase database() {
    return PrivateMariaDb.DATABASE;
  }
}
