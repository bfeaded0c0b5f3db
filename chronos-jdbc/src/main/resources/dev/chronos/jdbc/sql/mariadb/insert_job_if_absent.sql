-- Get-or-create in one statement: inserts the job unless its (account, idempotency key) is held;
-- on the unique index's duplicate the row is left as it is (id = id changes nothing) instead of
-- raising an error. The holder is then read by job_by_key.sql in the same transaction, which sees
-- the row this statement inserted or found (the statement locked it).
INSERT INTO ${prefix}jobs (id, account, name, handler, payload, status, scheduled_for, run_at,
  created_at, updated_at, attempts, released, max_retries, timeout_seconds, delivery_type, delivery,
  idempotency_key, schedule_id, last_error, payload_fingerprint)
VALUES (:id, :account, :name, :handler, :payload, :status, :scheduledFor, :runAt, :createdAt,
  :updatedAt, :attempts, 0, :maxRetries, :timeoutSeconds, :deliveryType, :delivery, :idempotencyKey,
  :scheduleId, :lastError, :fingerprint)
ON DUPLICATE KEY UPDATE id = id
