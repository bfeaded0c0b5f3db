package dev.chronos.http.internal;

import static dev.chronos.http.internal.Router.Access.ADMIN;
import static dev.chronos.http.internal.Router.Access.PUBLIC;
import static dev.chronos.http.internal.Router.Access.READ;
import static dev.chronos.http.internal.Router.Access.WRITE;

/** The whole API on one page: every route, who may call it, and the function that answers it. */
public final class ApiRoutes {
  private ApiRoutes() {}

  /** The route table over the route functions. */
  public static Router table(
      JobRoutes jobs,
      ScheduleRoutes schedules,
      WorkerRoutes worker,
      AdminRoutes admin,
      SystemRoutes system) {
    return new Router()
        .get("/health", PUBLIC, system::health)
        .get("/v1/stats", READ, system::stats)
        // Jobs
        .post("/v1/jobs", WRITE, jobs::submit)
        .get("/v1/jobs", READ, jobs::list)
        .get("/v1/jobs/{id}", READ, jobs::get)
        .post("/v1/jobs/{id}/cancel", WRITE, jobs::cancel)
        .post("/v1/jobs/{id}/retry", WRITE, jobs::retry)
        .post("/v1/jobs/{id}/run", WRITE, jobs::runNow)
        .get("/v1/jobs/{id}/executions", READ, jobs::executions)
        // Schedules
        .post("/v1/schedules", WRITE, schedules::create)
        .get("/v1/schedules", READ, schedules::list)
        .get("/v1/schedules/{id}", READ, schedules::get)
        .patch("/v1/schedules/{id}", WRITE, schedules::update)
        .post("/v1/schedules/{id}/archive", WRITE, schedules::archive)
        .post("/v1/schedules/{id}/pause", WRITE, schedules::pause)
        .post("/v1/schedules/{id}/resume", WRITE, schedules::resume)
        // Worker protocol
        .post("/v1/worker/jobs/claim", WRITE, worker::claim)
        .post("/v1/worker/executions/{execution_id}/complete", WRITE, worker::complete)
        .post("/v1/worker/executions/{execution_id}/fail", WRITE, worker::fail)
        .post("/v1/worker/executions/{execution_id}/extend", WRITE, worker::extend)
        // Keys
        .get("/v1/admin/keys", ADMIN, admin::list)
        .post("/v1/admin/keys", ADMIN, admin::create)
        .post("/v1/admin/keys/{id}/revoke", ADMIN, admin::revoke);
  }
}
