package dev.chronos;

import com.fasterxml.jackson.databind.JsonNode;
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
}
