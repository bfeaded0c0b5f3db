package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.chronos.Chronos;
import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobNotFoundException;
import dev.chronos.JobRequest;
import dev.chronos.ValidationException;
import dev.chronos.ValidationException.FieldError;
import dev.chronos.spi.JobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code /v1/jobs}: submit, list, get, cancel, retry, run now, reschedule, executions; each acts in
 * the key's account. Bulk actions are in {@link BulkRoutes}.
 */
public final class JobRoutes {
  private final Chronos chronos;
  private final JobStore store;

  /** Routes over a node and its store (for the lookup by idempotency key). */
  public JobRoutes(Chronos chronos, JobStore store) {
    this.chronos = chronos;
    this.store = store;
  }

  /** {@code POST /v1/jobs}: 201 with the job. */
  public ApiResponse submit(Call call) {
    call.noQuery();
    JobRequest request = JobRequest.fromJson(Scope.body(call.json(), call.account()));
    Job job = chronos.submit(request);
    return ok(201, "Job created", job);
  }

  /**
   * {@code GET /v1/jobs}: filters {@code status}, {@code handler}, {@code schedule_id}, {@code
   * kind}, {@code created_after}/{@code created_before}, {@code idempotency_key}, {@code q}, {@code
   * payload.<field>}; paging by {@code page} or {@code after} (see {@link JobSearch}).
   */
  public ApiResponse list(Call call) {
    JobSearch search = JobSearch.parse(Scope.query(call.query(), call.account()));
    return ApiResponse.json(200, ApiJson.bytes(search.run(chronos, store)));
  }

  /** {@code GET /v1/jobs/{id}}. */
  public ApiResponse get(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    Job job = chronos.job(call.account(), id).orElseThrow(() -> new JobNotFoundException(id));
    return ok(200, "Job", job);
  }

  /** {@code POST /v1/jobs/{id}/cancel}: a pending or retrying job; else 409 {@code conflict}. */
  public ApiResponse cancel(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    call.noFields();
    return ok(200, "Job cancelled", chronos.cancel(call.account(), id));
  }

  /**
   * {@code POST /v1/jobs/{id}/retry}: a failed job runs again now (trigger {@code manual}, its
   * retry budget starting again); any other status is a 409 {@code conflict}.
   */
  public ApiResponse retry(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    call.noFields();
    return ok(200, "Job retried", chronos.retry(call.account(), id));
  }

  /**
   * {@code POST /v1/jobs/{id}/run}: a pending or retrying job becomes due now (trigger {@code
   * manual}, no retry used); a running or finished one is a 409 {@code conflict}.
   */
  public ApiResponse runNow(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    call.noFields();
    return ok(200, "Job due now", chronos.runNow(call.account(), id));
  }

  /**
   * {@code POST /v1/jobs/{id}/reschedule} {@code {"run_at": "..."}}: a pending or retrying job runs
   * at that time instead; a running or finished one is a 409 {@code conflict}.
   */
  public ApiResponse reschedule(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    BodyFields f = new BodyFields(call.json(), java.util.Set.of("run_at"));
    Instant runAt = f.instant("run_at", true);
    f.done();
    try {
      return ok(200, "Job rescheduled", chronos.reschedule(call.account(), id, runAt));
    } catch (ValidationException e) {
      // The library names the job's field; this body calls it run_at.
      List<FieldError> errors = new ArrayList<>();
      e.errors().forEach(err -> errors.add(new FieldError("run_at", err.message())));
      throw new ValidationException(errors);
    }
  }

  /** {@code GET /v1/jobs/{id}/executions}: the attempts, first first. */
  public ApiResponse executions(Call call) {
    call.noQuery();
    List<Execution> executions = chronos.executions(call.account(), call.uuid("id"));
    ArrayNode list = ApiJson.arrayNode();
    executions.forEach(e -> list.add(e.toJson()));
    return ApiResponse.json(200, ApiJson.bytes(ApiJson.ok("Executions", list)));
  }

  static ApiResponse ok(int status, String message, Job job) {
    return ApiResponse.json(status, ApiJson.bytes(ApiJson.ok(message, job.toJson())));
  }
}
