/** {@link dev.chronos.memory.InMemoryJobStore}: a job store kept in the heap. */
module chronos.memory {
  requires transitive chronos.core;
  requires com.fasterxml.jackson.databind;

  exports dev.chronos.memory;
}
