package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Chronos;
import dev.chronos.ChronosBuilder;
import dev.chronos.ChronosStats;
import dev.chronos.JobQuery;
import dev.chronos.JobStatus;
import dev.chronos.http.RecentActivity;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.RegisteredNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** {@code GET /health} (no key) and {@code GET /v1/stats}. */
public final class SystemRoutes {
  private final Chronos chronos;
  private final JobStore store;
  private final Clock clock;
  private final BooleanSupplier running;
  private final RecentActivity activity;

  /** The due backlog is counted up to this many jobs; past it, it is a lower bound. */
  public static final int DUE_BOUND = 10_000;

  /**
   * Routes over a node and its store, with what tells whether it runs and its recent activity (or
   * null when the API was given none).
   */
  public SystemRoutes(
      Chronos chronos,
      JobStore store,
      Clock clock,
      BooleanSupplier running,
      RecentActivity activity) {
    this.chronos = chronos;
    this.store = store;
    this.clock = clock;
    this.running = running;
    this.activity = activity;
  }

  /**
   * {@code GET /health}: 200 while the store answers and the node runs, else 503. The store is
   * asked for one job by id, the cheapest read there is.
   */
  public ApiResponse health(Call call) {
    boolean store;
    try {
      chronos.job(new UUID(0, 0));
      store = true;
    } catch (RuntimeException e) {
      store = false;
    }
    boolean node = running.getAsBoolean();
    ObjectNode data = ApiJson.objectNode();
    data.put("status", store && node ? "ok" : "unavailable");
    data.put("store", store ? "up" : "down");
    data.put("node", node ? "running" : "stopped");
    return ApiResponse.json(store && node ? 200 : 503, ApiJson.bytes(ApiJson.ok("Health", data)));
  }

  /**
   * The due backlog of the store (every account): runnable jobs due now, counted up to {@link
   * #DUE_BOUND} through the due indexes, and the earliest one's due time. Two bounded reads: the
   * handlers the earliest due pull jobs wait for, then the due jobs of those handlers and the push
   * jobs, earliest first. A handler is missed only when more than the bound of pull jobs are due,
   * and then the count has reached the bound anyway ({@code exact} false).
   */
  private void dueBacklog(ObjectNode due) {
    Instant now = clock.instant();
    Set<String> handlers = new TreeSet<>();
    store.waitingHandlers(now, Set.of(), DUE_BOUND + 1).forEach(w -> handlers.add(w.handler()));
    List<DueJob> jobs = store.findDue(new JobSelector(handlers, true), now, DUE_BOUND + 1);
    due.put("scope", "store");
    due.put("count", Math.min(jobs.size(), DUE_BOUND));
    due.put("exact", jobs.size() <= DUE_BOUND);
    if (jobs.isEmpty()) {
      due.putNull("oldest_due_at");
      due.put("oldest_due_lag_ms", 0);
    } else {
      Instant oldest = jobs.get(0).runAt();
      due.put("oldest_due_at", oldest.toString());
      due.put("oldest_due_lag_ms", Math.max(0, Duration.between(oldest, now).toMillis()));
    }
  }

  /** {@code GET /v1/stats}: the account's jobs per status, and this node's engine snapshot. */
  public ApiResponse stats(Call call) {
    call.noQuery();
    ObjectNode data = ApiJson.objectNode();
    ObjectNode jobs = data.putObject("jobs");
    boolean exact = true;
    for (JobStatus status : JobStatus.values()) {
      var page =
          chronos.jobs(JobQuery.builder().account(call.account()).statuses(status).size(1).build());
      jobs.put(status.name().toLowerCase(Locale.ROOT), page.total());
      exact &= page.totalIsExact();
    }
    data.put("jobs_exact", exact);
    dueBacklog(data.putObject("due_backlog"));
    var nodes = data.putArray("nodes");
    for (RegisteredNode n : store.liveNodes(clock.instant(), ChronosBuilder.DEFAULT_NODE_TIMEOUT)) {
      ObjectNode o = nodes.addObject();
      o.put("id", n.nodeId());
      o.put("started_at", n.startedAt().toString());
      o.put("heartbeat_at", n.heartbeatAt().toString());
      new TreeSet<>(n.lanes()).forEach(o.putArray("lanes")::add);
      new TreeSet<>(n.handlers()).forEach(o.putArray("handlers")::add);
      new TreeSet<>(n.pulledHandlers()).forEach(o.putArray("pulled_handlers")::add);
    }
    if (activity != null) {
      RecentActivity.Snapshot a = activity.snapshot(call.account());
      ObjectNode throughput = data.putObject("throughput");
      throughput.put("scope", "node");
      throughput.put("minute_starts", a.firstMinute().toString());
      var completed = throughput.putArray("completed");
      var failed = throughput.putArray("failed");
      for (int i = 0; i < RecentActivity.MINUTES; i++) {
        completed.add(a.completed()[i]);
        failed.add(a.failed()[i]);
      }
      ObjectNode lateness = data.putObject("lateness");
      lateness.put("scope", "node");
      lateness.put("attempts", a.samples());
      lateness.put("p50_ms", a.p50Ms());
      lateness.put("p99_ms", a.p99Ms());
    }
    ChronosStats s = chronos.stats();
    ObjectNode node = data.putObject("node");
    node.put("id", chronos.nodeId());
    node.put("taken_at", s.takenAt().toString());
    var lanes = node.putArray("lanes");
    for (ChronosStats.Lane lane : s.lanes()) {
      lanes
          .addObject()
          .put("name", lane.name())
          .put("queued", lane.queued())
          .put("running", lane.running())
          .put("free_slots", lane.freeSlots());
    }
    node.put("abandoned_threads", s.abandonedThreads());
    node.put("claiming_stopped", s.claimingStopped());
    node.put("unrecorded_outcomes", s.unrecordedOutcomes());
    node.put("listener_queue_depth", s.listenerQueueDepth());
    node.put("listener_overflow", s.listenerOverflow());
    node.put("oldest_due_lag_ms", s.oldestDueLag().toMillis());
    s.pausedHandlers().forEach(node.putArray("paused_handlers")::add);
    return ApiResponse.json(200, ApiJson.bytes(ApiJson.ok("Stats", data)));
  }
}
