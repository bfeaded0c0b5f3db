package dev.chronos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chronos.JobFailedException;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.slf4j.Logger;

/**
 * How an in-process handler attempt runs, on the thread that calls {@link #run}: the handler's
 * return value becomes a completion (its result cleaned and capped by {@link StoredText}), what it
 * throws a failure whose error carries the stack trace ({@link ErrorText}), retried unless it is a
 * {@link JobFailedException} that says it is not retryable. The push lane's counterpart is {@link
 * PushSender}. Stateless apart from its settings; thread-safe.
 */
final class HandlerRunner {
  private static final Logger log = Loggers.DISPATCHER;

  private final Events events;
  private final int maxResultSize;
  private final IntFunction<Instant> retryAt;
  private final AbandonedThreads abandoned;
  private final ObjectMapper mapper;

  /** Extends an attempt's deadline for its handler ({@link Dispatcher#extendDeadline}). */
  private final BiFunction<AttemptRun, Duration, Instant> extender;

  /**
   * Completes an attempt in its handler's transaction ({@link Dispatcher#completeInTransaction}).
   */
  private final Completer completer;

  /** Writes an attempt's completion with the handler's connection. */
  interface Completer {
    void complete(AttemptRun r, Connection connection, JsonNode result);
  }

  HandlerRunner(
      Events events,
      int maxResultSize,
      IntFunction<Instant> retryAt,
      AbandonedThreads abandoned,
      ObjectMapper mapper,
      BiFunction<AttemptRun, Duration, Instant> extender,
      Completer completer) {
    this.completer = completer;
    this.mapper = mapper;
    this.extender = extender;
    this.events = events;
    this.maxResultSize = maxResultSize;
    this.retryAt = retryAt;
    this.abandoned = abandoned;
  }

  /**
   * Starts the attempt on this thread and runs its handler.
   *
   * @return the outcome, or null if the attempt had ended before it could start
   */
  ExecutionOutcome run(AttemptRun r) {
    if (!r.start(Thread.currentThread())) {
      return null;
    }
    Attempt attempt = r.attempt;
    events.started(attempt);
    try {
      Object result =
          r.handler.handle(
              new HandlerContext(
                  attempt,
                  () -> r.deadline,
                  by -> extender.apply(r, by),
                  mapper,
                  (connection, value) ->
                      completer.complete(r, connection, resultTree(attempt, value))));
      return ExecutionOutcome.completed(r.executionId(), resultTree(attempt, result));
    } catch (Throwable t) {
      r.failure = t;
      if (t instanceof InterruptedException || r.ended()) {
        log.debug(
            "Handler of execution {} ended after interruption: {}", r.executionId(), t.toString());
      }
      boolean retryable = !(t instanceof JobFailedException failed) || failed.retryable();
      return ExecutionOutcome.failed(
          r.executionId(),
          ErrorText.withStackTrace(t),
          retryable ? retryAt.apply(attempt.execution().attempt()) : null);
    } finally {
      boolean wasAbandoned = r.leftHandler();
      Thread.interrupted(); // an interrupt meant for this attempt must not leak to the next one
      if (wasAbandoned) {
        abandoned.ended();
      }
    }
  }

  private JsonNode resultTree(Attempt attempt, Object result) {
    try {
      return stored(attempt, Json.toTree(mapper, result));
    } catch (RuntimeException | StackOverflowError e) {
      // The work is done: do not run it again because its result cannot be stored as JSON (no
      // serializer, a cycle, a tree deeper than Jackson writes).
      log.warn(
          "Result of job {} is not JSON-serializable ({}); storing its text instead",
          attempt.job().id(),
          e.toString());
      try {
        return stored(attempt, TextNode.valueOf(String.valueOf(result)));
      } catch (RuntimeException | StackOverflowError textFailed) {
        return TextNode.valueOf("result not stored: " + e.getClass().getName());
      }
    }
  }

  /** The result as it is stored: cleaned and capped by {@link StoredText#result}. */
  private JsonNode stored(Attempt attempt, JsonNode tree) {
    JsonNode stored = StoredText.result(tree, maxResultSize);
    if (stored != tree
        && stored != null
        && stored.path("max_result_size").asInt() == maxResultSize) {
      log.warn(
          "Result of job {} is {} bytes, over the limit of {}; storing a truncation note instead",
          attempt.job().id(),
          stored.path("size").asInt(),
          maxResultSize);
    }
    return stored;
  }
}
