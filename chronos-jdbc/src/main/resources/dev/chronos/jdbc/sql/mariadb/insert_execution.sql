INSERT INTO ${prefix}executions (id, job_id, attempt, trigger_type, status, started_at,
  lease_expires_at, node)
VALUES (:id, :jobId, :attempt, :trigger, 'running', :startedAt, :leaseExpiresAt, :node)
