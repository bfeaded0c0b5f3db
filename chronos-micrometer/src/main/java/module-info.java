/** {@link dev.chronos.micrometer.ChronosMetrics}: Micrometer meters for a Chronos node. */
module chronos.micrometer {
  requires transitive chronos.core;
  // MeterRegistry, MeterBinder and Tag are in the API. micrometer.core is an automatic module with
  // a stable name; the pom leaves out the lint that warns about requiring it transitively.
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires org.slf4j;

  exports dev.chronos.micrometer;
}
