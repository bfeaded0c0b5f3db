package dev.chronos.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.Job;
import dev.chronos.JobContext;
import dev.chronos.spi.Attempt;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** The {@link JobContext} of one in-process attempt. */
final class HandlerContext implements JobContext {
  private final Attempt attempt;
  private final Supplier<Instant> deadline;
  private final Function<Duration, Instant> extender;
  private final ObjectMapper mapper;
  private final BiConsumer<Connection, Object> completer;

  /**
   * @param deadline the attempt's current deadline
   * @param extender extends it (see {@link Dispatcher#extendDeadline})
   * @param completer completes it in the handler's transaction (see {@link
   *     Dispatcher#completeInTransaction})
   */
  HandlerContext(
      Attempt attempt,
      Supplier<Instant> deadline,
      Function<Duration, Instant> extender,
      ObjectMapper mapper,
      BiConsumer<Connection, Object> completer) {
    this.mapper = mapper;
    this.completer = completer;
    this.attempt = attempt;
    this.deadline = deadline;
    this.extender = extender;
  }

  @Override
  public UUID jobId() {
    return attempt.job().id();
  }

  @Override
  public UUID executionId() {
    return attempt.execution().id();
  }

  @Override
  public int attempt() {
    return attempt.execution().attempt();
  }

  @Override
  public String name() {
    return attempt.job().name();
  }

  @Override
  public String handler() {
    return attempt.job().handler();
  }

  @Override
  public JsonNode payload() {
    JsonNode p = attempt.job().payload();
    return p == null ? null : p.deepCopy();
  }

  @Override
  public <T> T payload(Class<T> type) {
    JsonNode p = attempt.job().payload();
    if (p == null) {
      return null;
    }
    try {
      return mapper.treeToValue(p, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Payload of job "
              + jobId()
              + " does not fit "
              + type.getName()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }

  @Override
  public Instant scheduledFor() {
    return attempt.job().scheduledFor();
  }

  @Override
  public Instant deadline() {
    return deadline.get();
  }

  @Override
  public String account() {
    return attempt.job().account();
  }

  @Override
  public UUID scheduleId() {
    return attempt.job().scheduleId();
  }

  @Override
  public int maxRetries() {
    return attempt.job().maxRetries();
  }

  @Override
  public boolean isLastAttempt() {
    return attempt.isLastAttempt();
  }

  @Override
  public Instant extendDeadline(Duration duration) {
    return extender.apply(Objects.requireNonNull(duration, "duration"));
  }

  Job job() {
    return attempt.job();
  }

  @Override
  public String toString() {
    return "JobContext{job="
        + jobId()
        + ", execution="
        + executionId()
        + ", attempt="
        + attempt()
        + "}";
  }

  @Override
  public void complete(Connection connection, Object result) {
    Objects.requireNonNull(connection, "connection");
    completer.accept(connection, result);
  }
}
