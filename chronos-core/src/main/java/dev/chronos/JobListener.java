package dev.chronos;

/**
 * Hears about a job's state changes on this node. Register with {@link ChronosBuilder#listener};
 * every method has an empty default, so implement only what you need.
 *
 * <p>Calls come from one thread of their own, {@code chronos-listener}, in the order the node
 * reported the events, after the change was stored; a listener never delays the engine, however
 * slow it is. Events wait for it in a queue bounded at 65,536: when a listener falls that far
 * behind, further events are dropped, counted ({@link ChronosStats#listenerOverflow()}) and logged.
 * A callback slower than 100 ms is logged at WARN (rate-limited); an exception thrown by a listener
 * is logged and otherwise ignored. Listeners see the changes this node makes, not those of other
 * nodes sharing the store.
 */
public interface JobListener {
  /**
   * A job was accepted.
   *
   * @param job the stored job
   */
  default void onSubmitted(Job job) {}

  /**
   * An attempt started on this node.
   *
   * @param job the job, now {@code RUNNING}
   * @param execution the new attempt
   */
  default void onStarted(Job job, Execution execution) {}

  /**
   * An attempt succeeded.
   *
   * @param job the job, now {@code COMPLETED}
   * @param execution the finished attempt
   */
  default void onCompleted(Job job, Execution execution) {}

  /**
   * An attempt failed or timed out and the job will be tried again at {@link Job#runAt()}.
   *
   * @param job the job, now {@code RETRYING}
   * @param execution the failed attempt
   */
  default void onRetrying(Job job, Execution execution) {}

  /**
   * An attempt was given back unfinished, without using a retry: the node shut down while it ran,
   * no slot started it before its deadline, or the node found after a store outage that it was not
   * running it. The job is due again at {@link Job#runAt()} for any node; the execution is stored
   * {@code FAILED} with the reason as its error. By default this calls {@link #onRetrying}, as
   * releases were reported before this method existed.
   *
   * @param job the job, now {@code RETRYING}
   * @param execution the released attempt
   */
  default void onReleased(Job job, Execution execution) {
    onRetrying(job, execution);
  }

  /**
   * The last allowed attempt failed, or the failure was not retryable.
   *
   * @param job the job, now {@code FAILED}
   * @param execution the failed attempt
   */
  default void onFailed(Job job, Execution execution) {}

  /**
   * A job was cancelled on this node.
   *
   * @param job the job, now {@code CANCELLED}
   */
  default void onCancelled(Job job) {}
}
