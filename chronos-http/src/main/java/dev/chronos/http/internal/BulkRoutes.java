package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Chronos;
import dev.chronos.JobQuery;
import dev.chronos.JobStatus;
import dev.chronos.Page;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * {@code POST /v1/jobs/bulk/retry} and {@code /v1/jobs/bulk/cancel}: every matching job of the
 * key's account, by the filters the store applies ({@code status}, {@code handler}, {@code
 * schedule_id}, {@code kind=one_off}), with {@code "dry_run": true} to count them first. Filters
 * the store does not apply are refused by name, so that an action never reaches jobs its preview
 * did not count; and at least one filter is needed, so that an empty body is not "everything".
 */
public final class BulkRoutes {
  private static final Set<String> FIELDS =
      Set.of("status", "handler", "schedule_id", "kind", "dry_run");
  private static final Set<String> SEARCH_ONLY =
      Set.of("created_after", "created_before", "idempotency_key", "q", "page", "size", "after");

  private final Chronos chronos;

  /** Routes over a node. */
  public BulkRoutes(Chronos chronos) {
    this.chronos = chronos;
  }

  /** Retries the matching failed jobs (core {@code retryAll}). */
  public ApiResponse retry(Call call) {
    return run(call, EnumSet.of(JobStatus.FAILED), chronos::retryAll, "retried");
  }

  /** Cancels the matching pending and retrying jobs (core {@code cancelAll}). */
  public ApiResponse cancel(Call call) {
    return run(
        call, EnumSet.of(JobStatus.PENDING, JobStatus.RETRYING), chronos::cancelAll, "cancelled");
  }

  private ApiResponse run(
      Call call, Set<JobStatus> acted, ToLongFunction<JobQuery> action, String counted) {
    call.noQuery();
    ObjectNode body = call.json();
    Set<String> allowed = new java.util.HashSet<>(FIELDS);
    body.fieldNames().forEachRemaining(allowed::add); // unknown ones are reported below by name
    BodyFields f = new BodyFields(body, allowed);
    Map<String, String> filters = new LinkedHashMap<>();
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (SEARCH_ONLY.contains(name) || name.startsWith("payload.")) {
        f.error(name, "is not a filter of bulk actions; use status, handler, schedule_id or kind");
      } else if (!FIELDS.contains(name)) {
        f.error(name, "is not a known field");
      }
    }
    JsonNode status = body.get("status");
    if (status != null && !status.isNull()) {
      String list = statusList(status);
      if (list == null) {
        f.error("status", "must be a comma-separated string or a list of statuses");
      } else {
        filters.put("status", list);
      }
    }
    putText(f, filters, "handler");
    putText(f, filters, "schedule_id");
    String kind = f.text("kind", false, 20);
    if (kind != null) {
      if (!kind.equals("one_off")) {
        f.error("kind", "must be one_off in bulk actions");
      } else if (filters.containsKey("schedule_id")) {
        f.error("kind", "cannot be combined with schedule_id");
      } else {
        filters.put("schedule_id", "null");
      }
    }
    boolean dryRun = f.bool("dry_run", false);
    if (filters.isEmpty() && body.size() == (body.has("dry_run") ? 1 : 0)) {
      f.error("status", "give at least one filter (status, handler, schedule_id or kind)");
    }
    f.done();
    JobQuery query = JobQuery.fromQueryParameters(Scope.query(filters, call.account()));
    ObjectNode data = ApiJson.objectNode();
    data.put("dry_run", dryRun);
    if (dryRun) {
      Set<JobStatus> statuses = EnumSet.copyOf(acted);
      if (!query.statuses().isEmpty()) {
        statuses.retainAll(query.statuses());
      }
      long count = 0;
      boolean exact = true;
      if (!statuses.isEmpty()) {
        Map<String, String> counting = new LinkedHashMap<>(filters);
        counting.put("status", String.join(",", statuses.stream().map(JobStatus::json).toList()));
        counting.put("size", "1");
        Page<?> page =
            chronos.jobs(JobQuery.fromQueryParameters(Scope.query(counting, call.account())));
        count = page.total();
        exact = page.totalIsExact();
      }
      data.put("count", count);
      data.put("count_is_exact", exact);
      return ApiResponse.json(200, ApiJson.bytes(ApiJson.ok("Dry run: nothing changed", data)));
    }
    long n = action.applyAsLong(query);
    data.put(counted, n);
    return ApiResponse.json(200, ApiJson.bytes(ApiJson.ok("Jobs " + counted, data)));
  }

  private static void putText(BodyFields f, Map<String, String> filters, String name) {
    String value = f.text(name, false, 255);
    if (value != null) {
      filters.put(name, value);
    }
  }

  private static String statusList(JsonNode status) {
    if (status.isTextual()) {
      return status.textValue();
    }
    if (!status.isArray() || status.isEmpty()) {
      return null;
    }
    StringBuilder list = new StringBuilder();
    for (JsonNode s : status) {
      if (!s.isTextual()) {
        return null;
      }
      list.append(list.length() == 0 ? "" : ",").append(s.textValue());
    }
    return list.toString();
  }
}
