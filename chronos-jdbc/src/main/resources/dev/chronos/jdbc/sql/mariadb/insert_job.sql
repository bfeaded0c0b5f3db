-- Inserts one job (batched for many).
INSERT INTO ${prefix}jobs (id, account, name, handler, payload, status, scheduled_for, run_at,
  created_at, updated_at, attempts, released, max_retries, timeout_seconds, delivery_type, delivery,
  idempotency_key, schedule_id, last_error, payload_fingerprint)
VALUES (:id, :account, :name, :handler, :payload, :status, :scheduledFor, :runAt, :createdAt,
  :updatedAt, :attempts, 0, :maxRetries, :timeoutSeconds, :deliveryType, :delivery, :idempotencyKey,
  :scheduleId, :lastError, :fingerprint)
