package dev.chronos.internal;

import dev.chronos.spi.ExecutionOutcome;

/**
 * How a lane runs the attempts it starts: the strategy a {@link Dispatcher} is given, so that the
 * dispatcher never asks which lane it is. {@link HandlerLane} runs handlers on worker threads
 * (through {@link HandlerRunner}); {@link PushLane} sends requests through {@link PushSender}. Both
 * take an attempt that already holds a slot, end it through {@link Ends#finish} and give the slot
 * back through {@link Slots}.
 */
interface LaneRunner {
  /** What a runner asks of its dispatcher. */
  interface Ends {
    /** Ends the attempt with this outcome unless its deadline or a release ended it first. */
    void finish(AttemptRun r, ExecutionOutcome outcome);

    /** Gives the attempt's job back without using a retry, unless something ended it first. */
    void release(AttemptRun r, String reason);

    /** Frees the attempt's slot if it still holds one, and starts the next waiting attempt. */
    void freeSlot(AttemptRun r);
  }

  /**
   * Why this lane cannot run a claimed attempt on this node.
   *
   * @return the reason, or null if it can run it
   */
  String refusal(AttemptRun r);

  /** Starts an attempt that holds a slot; never throws. */
  void start(AttemptRun r);

  /** What a timeout does to a started attempt, appended to its error. */
  String timeoutNote();

  /** Worker threads inside a handler, counting handlers left behind after a timeout. */
  int busyThreads();

  /** Stops the runner's threads; handlers that ignore interrupts are left. */
  void close();
}
