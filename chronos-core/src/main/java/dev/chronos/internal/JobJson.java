package dev.chronos.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Execution;
import dev.chronos.Job;

/** The API's JSON for jobs and executions. */
public final class JobJson {
  private JobJson() {}

  /**
   * A job as the API writes it.
   *
   * @param withSecrets whether push header values and the URL's query string are written as they
   *     are, or as {@code [redacted]}
   */
  public static ObjectNode write(Job j, boolean withSecrets) {
    ObjectNode o = Json.object();
    o.put("id", j.id().toString());
    o.put("account", j.account());
    o.put("name", j.name());
    o.put("handler", j.handler());
    o.set("payload", j.payload() == null ? null : j.payload().deepCopy());
    o.put("status", j.status().json());
    o.put("scheduled_for", Json.time(j.scheduledFor()));
    o.put("run_at", Json.time(j.runAt()));
    o.put("created_at", Json.time(j.createdAt()));
    o.put("updated_at", Json.time(j.updatedAt()));
    o.put("attempts", j.attempts());
    o.put("max_retries", j.maxRetries());
    o.put("timeout", j.timeout().toSeconds());
    o.set("delivery", JobRequestJson.delivery(j.delivery(), withSecrets));
    o.put("idempotency_key", j.idempotencyKey());
    o.put("schedule_id", j.scheduleId() == null ? null : j.scheduleId().toString());
    o.put("last_error", j.lastError());
    o.set("result", j.result() == null ? null : j.result().deepCopy());
    return o;
  }

  /** An execution as the API writes it. */
  public static ObjectNode write(Execution e) {
    ObjectNode o = Json.object();
    o.put("id", e.id().toString());
    o.put("job_id", e.jobId().toString());
    o.put("attempt", e.attempt());
    o.put("trigger", e.trigger().json());
    o.put("status", e.status().json());
    o.put("started_at", Json.time(e.startedAt()));
    o.put("finished_at", Json.time(e.finishedAt()));
    o.put("lease_expires_at", Json.time(e.leaseExpiresAt()));
    o.put("error", e.error());
    o.set("result", e.result() == null ? null : e.result().deepCopy());
    o.put("node", e.node());
    if (e.httpStatus() != null) {
      o.put("http_status", e.httpStatus());
    }
    return o;
  }
}
