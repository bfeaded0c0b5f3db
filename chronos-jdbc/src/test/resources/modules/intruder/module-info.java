// A module that reaches for the engine, which chronos.core does not export.
module example.intruder {
  requires chronos.core;
}
