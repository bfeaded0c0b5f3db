package dev.chronos.http.internal;

import dev.chronos.Schedule;
import dev.chronos.ScheduleNotFoundException;
import dev.chronos.ScheduleQuery;
import dev.chronos.ScheduleRequest;
import dev.chronos.ScheduleUpdate;
import dev.chronos.Schedules;
import java.util.UUID;

/** {@code /v1/schedules}: create, list, get, patch, archive; each in the key's account. */
public final class ScheduleRoutes {
  private final Schedules schedules;

  /** Routes over a node's schedules. */
  public ScheduleRoutes(Schedules schedules) {
    this.schedules = schedules;
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
        200, ApiJson.bytes(ApiJson.page("Schedules", schedules.list(query), Schedule::toJson)));
  }

  /** {@code GET /v1/schedules/{id}}. */
  public ApiResponse get(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    Schedule s =
        schedules.get(call.account(), id).orElseThrow(() -> new ScheduleNotFoundException(id));
    return ok(200, "Schedule", s);
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

  static ApiResponse ok(int status, String message, Schedule schedule) {
    return ApiResponse.json(status, ApiJson.bytes(ApiJson.ok(message, schedule.toJson())));
  }
}
