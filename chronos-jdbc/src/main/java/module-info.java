/**
 * {@link dev.chronos.jdbc.JdbcJobStore}: a job store in embedded H2, PostgreSQL or MariaDB. The
 * drivers are optional: an application requires {@code com.h2database}, {@code org.postgresql.jdbc}
 * or {@code org.mariadb.jdbc} for the database it uses. The MariaDB dialect needs no {@code
 * requires} of its own: it uses only JDBC's API and MariaDB's error codes, no class of the driver.
 */
module chronos.jdbc {
  requires transitive chronos.core;
  // DataSource is part of the API (JdbcJobStore.create, the builder).
  requires transitive java.sql;
  requires com.fasterxml.jackson.databind;
  requires com.zaxxer.hikari;
  requires org.jdbi.v3.core;
  // Jdbi needs geantyref, but as an automatic module it cannot say so: without this line an
  // application on the module path fails in Jdbi with NoClassDefFoundError.
  requires io.leangen.geantyref;
  requires org.slf4j;
  // LISTEN/NOTIFY wake-ups use the driver's own API, only when the database is PostgreSQL.
  requires static org.postgresql.jdbc;
  // H2's error codes classify its failures and recognise a folder open elsewhere, only on H2.
  requires static com.h2database;

  exports dev.chronos.jdbc;
}
