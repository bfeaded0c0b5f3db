-- Creates a keyed schedule unless its account has one with that key, in one statement, and returns
-- the schedule that holds the key either way with whether this statement inserted it (see
-- insert_job_if_absent.sql for why DO UPDATE).
INSERT INTO ${prefix}schedules (id, account, name, description, handler, status, cron,
  interval_value, interval_unit, timezone, next_run_at, runs, run_count, stop_at, delivery_type,
  delivery, payload, timeout_seconds, max_retries, misfire_policy, overlap_policy, created_at,
  updated_at, version, schedule_key)
VALUES (:id, :account, :name, :description, :handler, :status, :cron, :intervalValue, :intervalUnit,
  :timezone, :nextRunAt, :runs, :runCount, :stopAt, :deliveryType, :delivery, CAST(:payload AS jsonb),
  :timeoutSeconds, :maxRetries, :misfirePolicy, :overlapPolicy, :createdAt, :updatedAt, :version,
  :key)
ON CONFLICT (account, schedule_key) WHERE schedule_key IS NOT NULL
DO UPDATE SET schedule_key = EXCLUDED.schedule_key
RETURNING *, (xmax = 0) AS inserted
