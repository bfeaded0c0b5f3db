-- Active schedules due by the horizon, through the (status, next_run_at) index.
SELECT id, next_run_at AS run_at FROM ${prefix}schedules
WHERE status = 'active' AND next_run_at <= :horizon ORDER BY next_run_at, id LIMIT :limit
