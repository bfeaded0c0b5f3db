/**
 * For authors of a {@link dev.chronos.spi.JobStore}: the store contract suite ({@link
 * dev.chronos.testing.JobStoreContractTest}) and {@link dev.chronos.testing.MutableClock}.
 */
module chronos.testing {
  requires transitive chronos.core;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;
  requires org.assertj.core;

  exports dev.chronos.testing;

  // JUnit runs the suite's package-private test methods by reflection.
  opens dev.chronos.testing to
      org.junit.platform.commons;
}
