package dev.chronos.memory;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.ScheduleTriggerContractTest;

/** Runs the schedule-trigger contract against {@link InMemoryJobStore}. */
class InMemoryScheduleTriggerTest extends ScheduleTriggerContractTest {

  @Override
  protected JobStore createStore() {
    return new InMemoryJobStore();
  }
}
