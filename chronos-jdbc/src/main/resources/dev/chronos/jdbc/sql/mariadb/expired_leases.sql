-- The rescuer: running executions whose lease ended, through the (status, lease) index.
SELECT id, job_id, attempt, lease_expires_at FROM ${prefix}executions
WHERE status = 'running' AND lease_expires_at < :now ORDER BY lease_expires_at, id LIMIT :limit
