/**
 * The Chronos HTTP API ({@code dev.chronos.http}): {@link dev.chronos.http.ChronosApi} with its
 * Jetty 12 handler and jakarta Servlet adapters, and API keys. Jetty and the servlet API are
 * optional: bring the one you serve it with.
 */
module chronos.http {
  requires transitive chronos.core;
  requires transitive java.sql;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static org.eclipse.jetty.server;
  requires static org.eclipse.jetty.http;
  requires static org.eclipse.jetty.io;
  requires static org.eclipse.jetty.util;
  requires static jakarta.servlet;

  exports dev.chronos.http;
}
