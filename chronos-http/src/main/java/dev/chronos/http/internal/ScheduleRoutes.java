package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Chronos;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.Page;
import dev.chronos.Schedule;
import dev.chronos.ScheduleNotFoundException;
import dev.chronos.ScheduleQuery;
import dev.chronos.ScheduleRequest;
import dev.chronos.ScheduleUpdate;
import dev.chronos.Schedules;
import java.util.UUID;

/**
 * {@code /v1/schedules}: create, list, get, patch, archive, pause, resume, trigger; each in the
 * key's account. Every schedule's JSON adds {@code cadence_description} and {@code next_fires} (the
 * next {@value #NEXT_FIRES}); a single schedule's also {@code jobs_spawned}, a count of its jobs
 * bounded as the store's counts are.
 */
public final class ScheduleRoutes {
  static final int NEXT_FIRES = 5;

  private final Chronos chronos;
  private final Schedules schedules;

  /** Routes over a node's schedules. */
  public ScheduleRoutes(Chronos chronos) {
    this.chronos = chronos;
    this.schedules = chronos.schedules();
  }

  /** {@code POST /v1/schedules}: 201 with the schedule. */
  public ApiResponse create(Call call) {
    call.noQuery();
    ScheduleRequest request = ScheduleRequest.fromJson(Scope.body(call.json(), call.account()));
    return ok(201, "Schedule created", schedules.create(request));
  }

  /** {@code GET /v1/schedules}: filter {@code status}, paging. */
  public ApiResponse list(Call call) {
    ScheduleQuery query =
        ScheduleQuery.fromQueryParameters(Scope.query(call.query(), call.account()));
    return ApiResponse.json(
        200, ApiJson.bytes(ApiJson.page("Schedules", schedules.list(query), ScheduleRoutes::json)));
  }

  /** {@code GET /v1/schedules/{id}}. */
  public ApiResponse get(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    Schedule s =
        schedules.get(call.account(), id).orElseThrow(() -> new ScheduleNotFoundException(id));
    ObjectNode data = json(s);
    Page<Job> spawned =
        chronos.jobs(JobQuery.builder().account(call.account()).scheduleId(id).size(1).build());
    data.put("jobs_spawned", spawned.total());
    data.put("jobs_spawned_is_exact", spawned.totalIsExact());
    return ApiResponse.json(200, ApiJson.bytes(ApiJson.ok("Schedule", data)));
  }

  /** {@code PATCH /v1/schedules/{id}}: the fields given. */
  public ApiResponse update(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    ScheduleUpdate update = ScheduleUpdate.fromJson(call.json());
    return ok(200, "Schedule updated", schedules.update(call.account(), id, update));
  }

  /** {@code POST /v1/schedules/{id}/archive}: stops it and cancels its pending jobs. */
  public ApiResponse archive(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    call.noFields();
    return ok(200, "Schedule archived", schedules.archive(call.account(), id));
  }

  /** {@code POST /v1/schedules/{id}/pause}: no fires until resumed; its pending jobs stay. */
  public ApiResponse pause(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    call.noFields();
    return ok(200, "Schedule paused", schedules.pause(call.account(), id));
  }

  /**
   * {@code POST /v1/schedules/{id}/resume}: fires again; missed fires follow its misfire policy.
   */
  public ApiResponse resume(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    call.noFields();
    return ok(200, "Schedule resumed", schedules.resume(call.account(), id));
  }

  /**
   * {@code POST /v1/schedules/{id}/trigger}: one job of the schedule now, outside its cadence
   * (trigger {@code manual}); 201 with the job.
   */
  public ApiResponse trigger(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    call.noFields();
    return JobRoutes.ok(201, "Schedule triggered", schedules.trigger(call.account(), id));
  }

  static ApiResponse ok(int status, String message, Schedule schedule) {
    return ApiResponse.json(status, ApiJson.bytes(ApiJson.ok(message, json(schedule))));
  }

  /** The schedule's JSON with its cadence in words and its next fire times. */
  static ObjectNode json(Schedule s) {
    ObjectNode o = s.toJson();
    o.put("cadence_description", s.cadenceDescription());
    ArrayNode fires = o.putArray("next_fires");
    s.nextFires(NEXT_FIRES).forEach(t -> fires.add(t.toString()));
    return o;
  }
}
