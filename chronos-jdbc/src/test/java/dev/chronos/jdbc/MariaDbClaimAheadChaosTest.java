package dev.chronos.jdbc;

/** {@link ClaimAheadChaosTest} on the chaos suite's own MariaDB server ({@link PrivateMariaDb}). */
class MariaDbClaimAheadChaosTest extends ClaimAheadChaosTest {
  @Override
  ChaosDatabase database() {
    return PrivateMariaDb.DATABASE;
  }
}
