-- Creates a keyed schedule unless its account has one with that key, in one statement (a duplicate
-- key changes nothing); the holder is then read by schedule_by_key.sql in the same transaction.
INSERT INTO ${prefix}schedules (id, account, name, description, handler, status, cron,
  interval_value, interval_unit, timezone, next_run_at, runs, run_count, stop_at, delivery_type,
  delivery, payload, timeout_seconds, max_retries, misfire_policy, overlap_policy, created_at,
  updated_at, version, schedule_key)
VALUES (:id, :account, :name, :description, :handler, :status, :cron, :intervalValue, :intervalUnit,
  :timezone, :nextRunAt, :runs, :runCount, :stopAt, :deliveryType, :delivery, :payload,
  :timeoutSeconds, :maxRetries, :misfirePolicy, :overlapPolicy, :createdAt, :updatedAt, :version, :key)
ON DUPLICATE KEY UPDATE id = id
