package dev.chronos;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** What a {@link JobHandler} knows about the attempt it runs. Valid during the attempt only. */
public interface JobContext {
  /**
   * The job's id, the same across retries: the dedupe key for side effects.
   *
   * @return the job id
   */
  UUID jobId();

  /**
   * The attempt's id, unique per attempt.
   *
   * @return the execution id
   */
  UUID executionId();

  /**
   * The attempt number, 1 for the first.
   *
   * @return the attempt
   */
  int attempt();

  /**
   * The job's display name.
   *
   * @return the name
   */
  String name();

  /**
   * The handler name the job was routed by.
   *
   * @return the handler name
   */
  String handler();

  /**
   * The payload, or null if the job has none.
   *
   * @return a copy of the payload
   */
  JsonNode payload();

  /**
   * The payload converted with Jackson to a type.
   *
   * @param type a record, bean or map type
   * @param <T> the type
   * @return the converted payload, or null if the job has none
   * @throws IllegalArgumentException if the payload does not fit the type
   */
  <T> T payload(Class<T> type);

  /**
   * When the job was due (for a schedule's job, the nominal fire time).
   *
   * @return the due time
   */
  Instant scheduledFor();

  /**
   * When this attempt times out: the handler is interrupted then.
   *
   * @return the deadline
   */
  Instant deadline();

  /**
   * The job's account.
   *
   * @return the account
   */
  String account();

  /**
   * The schedule that spawned the job.
   *
   * @return the schedule's id, or null for a one-off job
   */
  UUID scheduleId();

  /**
   * The job's retries after its first attempt ({@code max_retries}).
   *
   * @return the retry budget
   */
  int maxRetries();

  /**
   * Whether this is the job's last attempt: a failure now ends the job {@code failed} instead of
   * retrying it (attempts given back unfinished and a manual {@link Chronos#retry retry} are taken
   * into account).
   *
   * @return true if no retry follows a failure of this attempt
   */
  boolean isLastAttempt();

  /**
   * Moves this attempt's deadline (and its lease in the store) to {@code duration} from now, for
   * long work that reports progress as it goes: a heartbeat. Bounded: {@code duration} is at most
   * the job's timeout, so a handler that stops calling it still times out, and the deadline never
   * moves more than 7 days past the attempt's start. Fenced: an attempt that already timed out, was
   * given back or finished cannot extend. A deadline already later than asked is left as it is.
   * Available to in-process handlers; a pull worker extends with {@link PullWorker#extend}, which
   * is what the default implementation says.
   *
   * @param duration how long from now the attempt may still run, positive and at most the job's
   *     timeout
   * @return the deadline after the call
   * @throws LeaseExpiredException if the attempt no longer holds its lease
   * @throws IllegalArgumentException if {@code duration} is not positive or is longer than the
   *     job's timeout
   * @throws StoreUnavailableException if the store could not be reached; the deadline is unchanged
   * @throws UnsupportedOperationException for a context that cannot extend itself (a {@link
   *     ClaimedJob})
   */
  default Instant extendDeadline(Duration duration) {
    throw new UnsupportedOperationException(
        "this attempt cannot extend itself; a pull worker extends with PullWorker.extend");
  }

  /**
   * Completes this attempt in the handler's own transaction, so that its business writes and the
   * job's completion commit or roll back together. The execution's row and the job's are written
   * with {@code connection}, fenced by this attempt's execution id and lease: the write is made
   * only if the attempt still holds its lease, and takes effect when the handler commits. Call it
   * as the last statement of the transaction, commit, then return: once the commit is seen, the
   * engine records nothing more for this attempt (the handler's return value, or what it throws
   * after the commit, is ignored). If the transaction rolls back, the attempt ends as it would have
   * without this call: by what the handler returns or throws. Chronos never commits, rolls back,
   * closes or reconfigures the connection.
   *
   * <p>Works on a store that can write in a caller's transaction ({@code JdbcJobStore} on H2 or
   * PostgreSQL), with a connection to that store's database.
   *
   * @param connection the handler's connection, in the transaction of its business writes
   * @param result the attempt's result (stored as JSON, as a return value is), or null
   * @throws LeaseExpiredException if the attempt no longer holds its lease (it timed out or was
   *     given back): nothing was written, and the handler should roll back its transaction
   * @throws IllegalStateException if the connection cannot take the write (closed, read-only, its
   *     transaction already failed)
   * @throws StoreUnavailableException if the database failed the statement
   * @throws UnsupportedOperationException for a store that cannot write in a caller's transaction,
   *     or a context that cannot complete itself (a {@link ClaimedJob})
   */
  default void complete(java.sql.Connection connection, Object result) {
    throw new UnsupportedOperationException(
        "this attempt cannot complete itself in a transaction; a pull worker completes with"
            + " PullWorker.complete");
  }
}
