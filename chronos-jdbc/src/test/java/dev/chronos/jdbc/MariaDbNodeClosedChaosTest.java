package dev.chronos.jdbc;

/** {@link NodeClosedChaosTest} on the chaos suite's own MariaDB server ({@link PrivateMariaDb}). */
class MariaDbNodeClosedChaosTest extends NodeClosedChaosTest {
  @Override
  ChaosDatabase database() {
    return PrivateMariaDb.DATABASE;
  }
}
