// An application on the module path: it needs only the stores' modules (each requires chronos.core
// transitively) and H2 for the embedded database. Its payload record is read by Jackson.
module example.app {
  requires chronos.memory;
  requires chronos.jdbc;
  requires com.h2database;

  opens example.app to
      com.fasterxml.jackson.databind;
}
