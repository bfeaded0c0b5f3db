package dev.chronos.http.internal;

import static dev.chronos.http.internal.Router.Access.ADMIN;
import static dev.chronos.http.internal.Router.Access.LOGIN;
import static dev.chronos.http.internal.Router.Access.PUBLIC;
import static dev.chronos.http.internal.Router.Access.READ;
import static dev.chronos.http.internal.Router.Access.WRITE;

/**
 * The whole API on one page: every route, who may call it, what the audit log records when it
 * succeeds, and the function that answers it. The dashboard's static files ({@code /} and {@code
 * /ui/...}) are served ahead of this table by {@link DashboardFiles}.
 */
public final class ApiRoutes {
  private ApiRoutes() {}

  /** The route functions, grouped by resource. */
  public record Groups(
      JobRoutes jobs,
      ScheduleRoutes schedules,
      WorkerRoutes worker,
      AdminRoutes admin,
      SystemRoutes system,
      BulkRoutes bulk,
      SessionRoutes session,
      AuditRoutes audit) {}

  /** The route table over the route functions. */
  public static Router table(Groups g) {
    JobRoutes jobs = g.jobs();
    ScheduleRoutes schedules = g.schedules();
    WorkerRoutes worker = g.worker();
    AdminRoutes admin = g.admin();
    return new Router()
        .get("/health", PUBLIC, g.system()::health)
        .get("/v1/stats", READ, g.system()::stats)
        .get("/v1/audit", READ, g.audit()::list)
        // Dashboard sessions
        .post(SessionRoutes.PATH, LOGIN, g.session()::login)
        .get(SessionRoutes.PATH, READ, g.session()::current)
        .delete(SessionRoutes.PATH, READ, "session.logout", g.session()::logout)
        // Jobs
        .post("/v1/jobs", WRITE, jobs::submit)
        .post("/v1/jobs/bulk/retry", WRITE, "jobs.bulk_retry", g.bulk()::retry)
        .post("/v1/jobs/bulk/cancel", WRITE, "jobs.bulk_cancel", g.bulk()::cancel)
        .get("/v1/jobs", READ, jobs::list)
        .get("/v1/jobs/{id}", READ, jobs::get)
        .post("/v1/jobs/{id}/cancel", WRITE, "job.cancel", jobs::cancel)
        .post("/v1/jobs/{id}/retry", WRITE, "job.retry", jobs::retry)
        .post("/v1/jobs/{id}/run", WRITE, "job.run", jobs::runNow)
        .post("/v1/jobs/{id}/reschedule", WRITE, "job.reschedule", jobs::reschedule)
        .get("/v1/jobs/{id}/executions", READ, jobs::executions)
        // Schedules
        .post("/v1/schedules", WRITE, "schedule.create", schedules::create)
        .get("/v1/schedules", READ, schedules::list)
        .get("/v1/schedules/{id}", READ, schedules::get)
        .patch("/v1/schedules/{id}", WRITE, "schedule.update", schedules::update)
        .post("/v1/schedules/{id}/archive", WRITE, "schedule.archive", schedules::archive)
        .post("/v1/schedules/{id}/pause", WRITE, "schedule.pause", schedules::pause)
        .post("/v1/schedules/{id}/resume", WRITE, "schedule.resume", schedules::resume)
        .post("/v1/schedules/{id}/trigger", WRITE, "schedule.trigger", schedules::trigger)
        // Worker protocol
        .post("/v1/worker/jobs/claim", WRITE, worker::claim)
        .post("/v1/worker/executions/{execution_id}/complete", WRITE, worker::complete)
        .post("/v1/worker/executions/{execution_id}/fail", WRITE, worker::fail)
        .post("/v1/worker/executions/{execution_id}/extend", WRITE, worker::extend)
        // Keys
        .get("/v1/admin/keys", ADMIN, admin::list)
        .post("/v1/admin/keys", ADMIN, "key.create", admin::create)
        .post("/v1/admin/keys/{id}/revoke", ADMIN, "key.revoke", admin::revoke);
  }
}
