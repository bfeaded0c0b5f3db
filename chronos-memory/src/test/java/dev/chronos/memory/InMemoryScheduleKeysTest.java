package dev.chronos.memory;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.ScheduleKeysContractTest;

/** Runs the schedule-key contract against {@link InMemoryJobStore}. */
class InMemoryScheduleKeysTest extends ScheduleKeysContractTest {

  @Override
  protected JobStore createStore() {
    return new InMemoryJobStore();
  }
}
