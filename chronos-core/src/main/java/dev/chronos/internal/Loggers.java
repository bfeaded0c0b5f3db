package dev.chronos.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's loggers, one per component, so that an application can turn one part up or down
 * ({@code dev.chronos.dispatcher=DEBUG}) without the others. Names are part of the documented
 * surface (README, Logging).
 */
final class Loggers {
  /** The node's start and stop. */
  static final Logger NODE = LoggerFactory.getLogger("dev.chronos");

  /** Claiming, running and recording attempts, the feeders, job events and listeners. */
  static final Logger DISPATCHER = LoggerFactory.getLogger("dev.chronos.dispatcher");

  /** Ending executions whose lease expired, and reconciling after an outage. */
  static final Logger RESCUER = LoggerFactory.getLogger("dev.chronos.rescuer");

  /** Recurring schedules and their fires. */
  static final Logger SCHEDULES = LoggerFactory.getLogger("dev.chronos.schedules");

  /** HTTP push delivery. */
  static final Logger PUSH = LoggerFactory.getLogger("dev.chronos.push");

  /** Pull workers and their long-polls. */
  static final Logger PULL = LoggerFactory.getLogger("dev.chronos.pull");

  /** Store outages and refusals. */
  static final Logger STORE = LoggerFactory.getLogger("dev.chronos.store");

  private Loggers() {}
}
