-- Inserts one job and wakes the other nodes' feeders in the same auto-commit statement: one round
-- trip. Used for a single job due within the largest look-ahead a node can have; the NOTIFY is
-- delivered when the statement commits, and not at all if the insert fails.
WITH job AS (
  INSERT INTO ${prefix}jobs (id, account, name, handler, payload, status, scheduled_for, run_at,
  created_at, updated_at, attempts, released, max_retries, timeout_seconds, delivery_type, delivery,
  idempotency_key, schedule_id, last_error, payload_fingerprint)
  VALUES (:id, :account, :name, :handler, CAST(:payload AS jsonb), :status, :scheduledFor, :runAt,
    :createdAt, :updatedAt, :attempts, 0, :maxRetries, :timeoutSeconds, :deliveryType, :delivery,
    :idempotencyKey, CAST(:scheduleId AS UUID), :lastError, :fingerprint)
  RETURNING id)
SELECT CAST(pg_notify(:channel, :notifyPayload) AS text) AS notified FROM job
