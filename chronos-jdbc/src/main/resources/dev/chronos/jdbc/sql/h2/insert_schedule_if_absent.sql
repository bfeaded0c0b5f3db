-- Creates a keyed schedule unless its account has one with that key; the holder is then read by
-- schedule_by_key.sql in the same transaction (a racing insert that loses on the unique index runs
-- again).
MERGE INTO ${prefix}schedules t
USING (VALUES (CAST(:account AS VARCHAR(255)), CAST(:key AS VARCHAR(255)))) AS s(account, k)
ON t.account = s.account AND t.schedule_key = s.k
WHEN NOT MATCHED THEN INSERT (id, account, name, description, handler, status, cron,
  interval_value, interval_unit, timezone, next_run_at, runs, run_count, stop_at, delivery_type,
  delivery, payload, timeout_seconds, max_retries, misfire_policy, overlap_policy, created_at,
  updated_at, version, schedule_key)
  VALUES (:id, :account, :name, :description, :handler, :status, :cron, :intervalValue,
    :intervalUnit, :timezone, :nextRunAt, :runs, :runCount, :stopAt, :deliveryType, :delivery,
    :payload, :timeoutSeconds, :maxRetries, :misfirePolicy, :overlapPolicy, :createdAt, :updatedAt,
    :version, :key)
