package dev.chronos;

/**
 * Runs jobs of one handler name in this process. Register with {@link ChronosBuilder#handler}.
 *
 * <p>Return normally to complete the attempt; the returned value (anything Jackson can serialize,
 * or null) is stored as the job's result. Throw to fail it: the job is retried with backoff while
 * retries remain. A handler that runs past the job's timeout is interrupted and its late result is
 * ignored, so handlers should respond to interruption and be idempotent, keyed on {@link
 * JobContext#jobId()}: delivery is at least once.
 */
@FunctionalInterface
public interface JobHandler {
  /**
   * Runs one attempt of a job.
   *
   * @param context the job's data and the attempt's identity
   * @return the result to store, or null
   * @throws Exception to fail the attempt
   */
  Object handle(JobContext context) throws Exception;
}
