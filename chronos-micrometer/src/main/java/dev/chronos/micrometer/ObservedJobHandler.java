package dev.chronos.micrometer;

import dev.chronos.JobContext;
import dev.chronos.JobHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * A {@link JobHandler} that runs another inside a Micrometer {@link Observation} named {@value
 * #NAME}, one per attempt, so that a tracing bridge makes a span of each attempt and an observation
 * handler can time it. Low-cardinality key values: {@code handler}; high-cardinality: {@code
 * job.id}, {@code execution.id}, {@code attempt}. A handler's exception is recorded as the
 * observation's error and thrown on. Thread-safe when the wrapped handler is.
 *
 * <pre>{@code
 * Chronos.builder().handler("send-email", ObservedJobHandler.of(observations, "send-email", mailer))
 * }</pre>
 */
public final class ObservedJobHandler implements JobHandler {
  /** The observation's name. */
  public static final String NAME = "chronos.attempt";

  private final ObservationRegistry registry;
  private final String handlerName;
  private final JobHandler handler;

  private ObservedJobHandler(ObservationRegistry registry, String handlerName, JobHandler handler) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.handlerName = Objects.requireNonNull(handlerName, "handlerName");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * Wraps a handler.
   *
   * @param registry where observations go
   * @param handlerName the handler's name, the {@code handler} key value
   * @param handler the handler that does the work
   * @return the observed handler
   */
  public static JobHandler of(
      ObservationRegistry registry, String handlerName, JobHandler handler) {
    return new ObservedJobHandler(registry, handlerName, handler);
  }

  @Override
  public Object handle(JobContext ctx) throws Exception {
    Observation observation =
        Observation.createNotStarted(NAME, registry)
            .contextualName("chronos " + handlerName)
            .lowCardinalityKeyValue("handler", handlerName)
            .highCardinalityKeyValue("job.id", String.valueOf(ctx.jobId()))
            .highCardinalityKeyValue("execution.id", String.valueOf(ctx.executionId()))
            .highCardinalityKeyValue("attempt", String.valueOf(ctx.attempt()))
            .start();
    // The scope makes the observation current on this thread while the handler runs.
    Observation.Scope scope = observation.openScope();
    try {
      return handler.handle(ctx);
    } catch (Exception | Error e) {
      observation.error(e);
      throw e;
    } finally {
      scope.close();
      observation.stop();
    }
  }

  @Override
  public String toString() {
    return "observed " + handler;
  }
}
