package dev.chronos.spi;

import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;

/**
 * An optional capability of a {@link JobStore} on a database: writing in a transaction the caller
 * owns, on a connection the caller opened. A store that implements it lets {@link
 * dev.chronos.Chronos#submit(Connection, dev.chronos.JobRequest)} store a job in the same
 * transaction as the business write that causes it, and a handler complete its attempt in its own
 * transaction ({@link dev.chronos.JobContext#complete(Connection, Object)}). Stores that are not on
 * a database (the memory store) and third-party stores need not implement it; the engine then
 * refuses those calls.
 *
 * <p>Rules every implementation keeps:
 *
 * <ul>
 *   <li>It never commits, rolls back, closes the connection or changes its auto-commit, isolation
 *       or read-only setting: the caller owns all of them.
 *   <li>Each method sends statements that cannot fail on a taken idempotency key or a lost lease:
 *       on a database where a failed statement aborts the transaction (PostgreSQL) a caught unique
 *       violation would poison the caller's transaction, so the outcome is decided from what a
 *       single statement returns ({@code INSERT ... ON CONFLICT ... RETURNING}, a fenced {@code
 *       UPDATE}).
 *   <li>What it writes becomes visible to other connections when the caller commits, and never if
 *       the caller rolls back; wake-ups it sends (a NOTIFY) are delivered at commit, too.
 * </ul>
 *
 * <p>Implementations are thread-safe; a connection is used by one thread at a time, as JDBC
 * requires.
 */
public interface TransactionalJobStore {

  /**
   * Stores a new {@code PENDING} job in the caller's transaction unless its idempotency key is
   * taken, as {@link JobStore#insertIfAbsent} does: one statement that never raises the unique
   * violation. A job without a key is always stored.
   *
   * @param connection the caller's connection, open, in the transaction the job belongs to
   * @param job the job, with {@code attempts} 0
   * @param requireSamePayload whether a holder whose payload differs is a conflict
   * @return empty if the job was written (visible to others once the caller commits); else the job
   *     that holds the key, as this transaction sees it
   * @throws IdempotencyKeyConflictException if {@code requireSamePayload} and the holder's payload
   *     differs; nothing was written
   * @throws IllegalStateException if the caller's transaction cannot take the write: the connection
   *     is closed or read-only, or the transaction has already failed (PostgreSQL's aborted state);
   *     nothing was written
   * @throws dev.chronos.StoreUnavailableException if the database failed the statement
   */
  Optional<Job> insertIfAbsent(Connection connection, Job job, boolean requireSamePayload);

  /**
   * Finds the job that holds an idempotency key as the caller's transaction sees it (a job this
   * transaction wrote included), as {@link JobStore#findByIdempotencyKey} does: a read that cannot
   * fail on the key, so the caller's transaction goes on.
   *
   * @param connection the caller's connection, open, in its transaction
   * @param account the account the key is scoped to
   * @param idempotencyKey the key
   * @return the holder, or empty
   * @throws IllegalStateException as for {@link #insertIfAbsent(Connection, Job, boolean)}
   * @throws dev.chronos.StoreUnavailableException if the database failed the statement
   */
  Optional<Job> findByIdempotencyKey(Connection connection, String account, String idempotencyKey);

  /**
   * Ends a running execution in the caller's transaction, fenced as {@link JobStore#finish} is:
   * nothing changes unless the execution is still running and holds its lease at {@code now}. The
   * change takes effect when the caller commits; a rollback undoes it, and the execution is then
   * still running.
   *
   * @param connection the caller's connection, open, in its transaction
   * @param outcome how the execution ended
   * @param now the current time
   * @return the job and execution after the change, or empty if the execution no longer held the
   *     lease (nothing was written)
   * @throws IllegalStateException as for {@link #insertIfAbsent(Connection, Job, boolean)}
   * @throws dev.chronos.StoreUnavailableException if the database failed the statement
   */
  Optional<Attempt> finish(Connection connection, ExecutionOutcome outcome, Instant now);

  /**
   * Whether this store itself wakes its subscribers ({@link JobStore#subscribe}) when a caller's
   * transaction that stored a job due soon commits (PostgreSQL: the NOTIFY sent in the transaction
   * is delivered at commit). When false, the engine looks for the committed job itself for a short
   * while after the call.
   *
   * @return true if commits are announced to subscribers
   */
  boolean announcesCommits();
}
