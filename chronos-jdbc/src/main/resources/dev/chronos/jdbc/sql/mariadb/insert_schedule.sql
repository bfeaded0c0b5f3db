INSERT INTO ${prefix}schedules (id, account, name, description, handler, status, cron,
  interval_value, interval_unit, timezone, next_run_at, runs, run_count, stop_at, delivery_type,
  delivery, payload, timeout_seconds, max_retries, misfire_policy, overlap_policy, created_at,
  updated_at, version, schedule_key)
VALUES (:id, :account, :name, :description, :handler, :status, :cron, :intervalValue, :intervalUnit,
  :timezone, :nextRunAt, :runs, :runCount, :stopAt, :deliveryType, :delivery, :payload,
  :timeoutSeconds, :maxRetries, :misfirePolicy, :overlapPolicy, :createdAt, :updatedAt, :version, :key)
