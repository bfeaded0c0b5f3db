package dev.chronos.spring.internal;

import dev.chronos.Chronos;
import dev.chronos.ChronosStats;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.OnConflict;
import dev.chronos.Page;
import dev.chronos.PullWorker;
import dev.chronos.Schedules;
import dev.chronos.Submission;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The starter's {@link Chronos} bean on the application's {@code DataSource}: a node whose submits
 * join the caller's Spring transaction. When the calling thread has a Spring transaction with a
 * connection of that {@code DataSource} bound ({@code DataSourceTransactionManager}, {@code
 * JdbcTransactionManager}, or a JPA transaction manager that exposes its connection), {@link
 * #submit(JobRequest)}, {@link #submit(JobRequest, OnConflict)} and {@link #submitAll} write with
 * that connection through {@link Chronos#submit(Connection, JobRequest)}: the job exists if and
 * only if the transaction commits, and the node is woken at the commit (PostgreSQL's NOTIFY is
 * delivered then; on H2 the node watches for the committed row). Without such a transaction they
 * are the node's own submits. Everything else is the node's.
 *
 * <p>A Spring transaction without a connection of that {@code DataSource} (another database's
 * transaction manager, JTA, or a transaction manager on a wrapper of the {@code DataSource} or on
 * what it wraps) is not joined: the submit commits on its own at once, and a rollback of the
 * transaction leaves the job. The first such submit of the node logs a warning.
 *
 * <p>A read-only Spring transaction is refused ({@link IllegalStateException}) rather than written
 * outside it, on every database (H2 ignores a read-only connection). Thread-safe: the transaction
 * is the calling thread's.
 */
public final class TransactionJoiningChronos implements Chronos {
  private static final Logger log = LoggerFactory.getLogger(TransactionJoiningChronos.class);

  private final Chronos node;
  private final DataSource dataSource;

  /** Whether a submit in a transaction not on {@link #dataSource} was logged (once per node). */
  private final AtomicBoolean warnedUnjoined = new AtomicBoolean();

  /**
   * Makes a node's submits join Spring transactions on a data source.
   *
   * @param node the node, on a store over {@code dataSource}
   * @param dataSource the data source Spring's transactions bind connections of
   */
  public TransactionJoiningChronos(Chronos node, DataSource dataSource) {
    this.node = Objects.requireNonNull(node, "node");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * The node whose submits this joins to transactions.
   *
   * @return the node
   */
  public Chronos node() {
    return node;
  }

  /**
   * Whether the calling thread is in a Spring transaction with a connection of the data source.
   *
   * @return true if a submit now would join it; false outside a transaction, and (logged once per
   *     node) in a transaction without a connection of the data source
   * @throws IllegalStateException if that transaction is read-only
   */
  public boolean joinsTransaction() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      return false;
    }
    if (!TransactionSynchronizationManager.hasResource(dataSource)) {
      warnUnjoined();
      return false;
    }
    if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
      throw new IllegalStateException(
          "Chronos cannot submit in the read-only Spring transaction "
              + Objects.toString(TransactionSynchronizationManager.getCurrentTransactionName(), "")
              + ": the job would be written in it. Submit from a read-write transaction, or"
              + " outside it (@Transactional(propagation = REQUIRES_NEW or NOT_SUPPORTED))");
    }
    return true;
  }

  /**
   * Warns, once per node, that a submit in a Spring transaction is committed outside it: the
   * application may count on a rollback removing the job.
   */
  private void warnUnjoined() {
    if (warnedUnjoined.compareAndSet(false, true)) {
      log.warn(
          "Chronos submit in the Spring transaction {} commits on its own, at once: that"
              + " transaction holds no connection of Chronos's DataSource ({}), so a rollback of it"
              + " leaves the job. Its transaction manager is on another DataSource (a second"
              + " database, JTA, or a wrapper of that DataSource or what it wraps). Give the"
              + " transaction manager the same DataSource bean to join, or set"
              + " chronos.store.join-transactions=false to submit outside transactions on purpose."
              + " Logged once.",
          Objects.toString(TransactionSynchronizationManager.getCurrentTransactionName(), ""),
          // The class only: a DataSource's toString may show its URL, and a URL may hold a
          // password.
          dataSource.getClass().getName());
    }
  }

  /**
   * Runs {@code write} with the transaction's connection, or returns null without a transaction.
   */
  private <T> T inTransaction(Function<Connection, T> write) {
    if (!joinsTransaction()) {
      return null;
    }
    // The bound connection (its reference count raised and lowered, as JdbcTemplate does); never
    // committed, rolled back or closed here: the transaction manager owns it.
    Connection c = DataSourceUtils.getConnection(dataSource);
    try {
      return write.apply(c);
    } finally {
      DataSourceUtils.releaseConnection(c, dataSource);
    }
  }

  @Override
  public Chronos start() {
    node.start();
    return this;
  }

  @Override
  public Job submit(JobRequest request) {
    Job job = inTransaction(c -> node.submit(c, request));
    return job != null ? job : node.submit(request);
  }

  @Override
  public Submission submit(JobRequest request, OnConflict onConflict) {
    Submission s = inTransaction(c -> node.submit(c, request, onConflict));
    return s != null ? s : node.submit(request, onConflict);
  }

  /**
   * {@inheritDoc}
   *
   * <p>In a Spring transaction the jobs are written one by one in it: if one fails, those before it
   * are in the transaction, which Spring rolls back when the exception leaves the transactional
   * method.
   */
  @Override
  public List<Job> submitAll(List<JobRequest> requests) {
    List<Job> jobs =
        inTransaction(
            c -> {
              List<Job> written = new ArrayList<>(requests.size());
              for (JobRequest r : requests) {
                written.add(node.submit(c, r));
              }
              return written;
            });
    return jobs != null ? jobs : node.submitAll(requests);
  }

  @Override
  public Job submit(Connection connection, JobRequest request) {
    return node.submit(connection, request);
  }

  @Override
  public Submission submit(Connection connection, JobRequest request, OnConflict onConflict) {
    return node.submit(connection, request, onConflict);
  }

  @Override
  public Optional<Job> job(UUID jobId) {
    return node.job(jobId);
  }

  @Override
  public Optional<Job> job(String account, UUID jobId) {
    return node.job(account, jobId);
  }

  @Override
  public Page<Job> jobs(JobQuery query) {
    return node.jobs(query);
  }

  @Override
  public Job cancel(UUID jobId) {
    return node.cancel(jobId);
  }

  @Override
  public Job cancel(String account, UUID jobId) {
    return node.cancel(account, jobId);
  }

  @Override
  public Job retry(UUID jobId) {
    return node.retry(jobId);
  }

  @Override
  public Job retry(String account, UUID jobId) {
    return node.retry(account, jobId);
  }

  @Override
  public Job runNow(UUID jobId) {
    return node.runNow(jobId);
  }

  @Override
  public Job runNow(String account, UUID jobId) {
    return node.runNow(account, jobId);
  }

  @Override
  public Job reschedule(UUID jobId, Instant runAt) {
    return node.reschedule(jobId, runAt);
  }

  @Override
  public Job reschedule(String account, UUID jobId, Instant runAt) {
    return node.reschedule(account, jobId, runAt);
  }

  @Override
  public long retryAll(JobQuery query) {
    return node.retryAll(query);
  }

  @Override
  public long cancelAll(JobQuery query) {
    return node.cancelAll(query);
  }

  @Override
  public void pause(String handler) {
    node.pause(handler);
  }

  @Override
  public void resume(String handler) {
    node.resume(handler);
  }

  @Override
  public Set<String> pausedHandlers() {
    return node.pausedHandlers();
  }

  @Override
  public List<Execution> executions(UUID jobId) {
    return node.executions(jobId);
  }

  @Override
  public List<Execution> executions(String account, UUID jobId) {
    return node.executions(account, jobId);
  }

  @Override
  public Schedules schedules() {
    return node.schedules();
  }

  @Override
  public PullWorker pull() {
    return node.pull();
  }

  @Override
  public PullWorker pull(String workerId) {
    return node.pull(workerId);
  }

  @Override
  public String nodeId() {
    return node.nodeId();
  }

  @Override
  public long purge(Instant before) {
    return node.purge(before);
  }

  @Override
  public ChronosStats stats() {
    return node.stats();
  }

  @Override
  public void close() {
    node.close();
  }

  @Override
  public String toString() {
    return node + " (submits join Spring transactions)";
  }
}
