/** The runnable Chronos server ({@link dev.chronos.server.ChronosServer}). */
module chronos.server {
  requires transitive chronos.http;
  requires chronos.jdbc;
  requires com.zaxxer.hikari;
  requires java.sql;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  requires org.slf4j;

  exports dev.chronos.server;
}
