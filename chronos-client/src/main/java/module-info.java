/**
 * A Java client of the Chronos HTTP API: {@link dev.chronos.client.ChronosClient}, {@link
 * dev.chronos.client.RemoteWorker}.
 */
module chronos.client {
  requires transitive chronos.core;
  requires transitive java.net.http;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.chronos.client;
}
