/**
 * Chronos, an embeddable job scheduler: the API ({@code dev.chronos}), the store SPI ({@code
 * dev.chronos.spi}) and HTTP push delivery ({@code dev.chronos.push}). The engine in {@code
 * dev.chronos.internal} is not exported: nothing outside this module can reach it on the module
 * path.
 *
 * <p>Payloads and results are Jackson trees, so an application that passes its own classes as
 * payloads or results opens their package to {@code com.fasterxml.jackson.databind}.
 */
module chronos.core {
  // JsonNode is part of the API (payloads, results).
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.cronutils;
  requires java.net.http;
  // Connection is part of the API (transactional submit and completion).
  requires transitive java.sql;
  requires org.slf4j;

  exports dev.chronos;
  exports dev.chronos.spi;
  exports dev.chronos.push;
}
