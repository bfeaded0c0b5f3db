-- Replaces a schedule if its version is still the expected one.
UPDATE ${prefix}schedules SET account = :account, name = :name, description = :description,
  handler = :handler, status = :status, cron = :cron, interval_value = :intervalValue,
  interval_unit = :intervalUnit, timezone = :timezone, next_run_at = :nextRunAt, runs = :runs,
  run_count = :runCount, stop_at = :stopAt, delivery_type = :deliveryType, delivery = :delivery,
  payload = :payload, timeout_seconds = :timeoutSeconds, max_retries = :maxRetries,
  misfire_policy = :misfirePolicy, overlap_policy = :overlapPolicy, updated_at = :updatedAt,
  version = :version, schedule_key = :key
WHERE id = :id AND version = :expectedVersion
