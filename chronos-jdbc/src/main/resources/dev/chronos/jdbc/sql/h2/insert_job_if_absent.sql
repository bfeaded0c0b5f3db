-- Get-or-create: inserts the job unless its (account, idempotency key) is held; the holder is then
-- read by job_by_key.sql in the same transaction. Two transactions racing on one new key can both
-- find it free, and one then fails on the unique index: that one runs again and finds the winner.
MERGE INTO ${prefix}jobs t
USING (VALUES (CAST(:account AS VARCHAR(255)), CAST(:idempotencyKey AS VARCHAR(255))))
  AS s(account, idempotency_key)
ON t.account = s.account AND t.idempotency_key = s.idempotency_key
WHEN NOT MATCHED THEN INSERT (id, account, name, handler, payload, status, scheduled_for, run_at,
  created_at, updated_at, attempts, released, max_retries, timeout_seconds, delivery_type, delivery,
  idempotency_key, schedule_id, last_error, payload_fingerprint)
  VALUES (:id, :account, :name, :handler, :payload, :status, :scheduledFor, :runAt, :createdAt,
    :updatedAt, :attempts, 0, :maxRetries, :timeoutSeconds, :deliveryType, :delivery,
    :idempotencyKey, CAST(:scheduleId AS UUID), :lastError, :fingerprint)
