-- Get-or-create in one statement: inserts the job unless its (account, idempotency key) is held,
-- and returns the row that holds the key either way, with whether this statement inserted it
-- (xmax = 0 only for a row it inserted). DO UPDATE rather than DO NOTHING so that a holder
-- committed by a concurrent transaction after this statement began is still returned (and locked
-- until commit); it rewrites the key with itself and changes nothing else. Never raises the unique
-- violation, so it can run inside a caller's transaction. The NOTIFY is sent only for an insert
-- that asks for one (:notify).
WITH job AS (
  INSERT INTO ${prefix}jobs (id, account, name, handler, payload, status, scheduled_for, run_at,
  created_at, updated_at, attempts, released, max_retries, timeout_seconds, delivery_type, delivery,
  idempotency_key, schedule_id, last_error, payload_fingerprint)
  VALUES (:id, :account, :name, :handler, CAST(:payload AS jsonb), :status, :scheduledFor, :runAt,
    :createdAt, :updatedAt, :attempts, 0, :maxRetries, :timeoutSeconds, :deliveryType, :delivery,
    :idempotencyKey, CAST(:scheduleId AS UUID), :lastError, :fingerprint)
  ON CONFLICT (account, idempotency_key) WHERE idempotency_key IS NOT NULL
  DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key
  RETURNING *, (xmax = 0) AS inserted)
SELECT job.*,
  (SELECT e.result FROM ${prefix}executions e
    WHERE e.job_id = job.id AND e.status = 'completed' ORDER BY e.attempt DESC LIMIT 1) AS result,
  CASE WHEN job.inserted AND :notify THEN CAST(pg_notify(:channel, :notifyPayload) AS text) END
    AS notified
FROM job
