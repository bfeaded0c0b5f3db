-- Ends a running execution; fenced by its status and, unless late outcomes are allowed, its lease.
UPDATE ${prefix}executions SET status = :status, finished_at = :now, error = :error,
  result = :result, http_status = :httpStatus
WHERE id = :id AND status = 'running' AND (lease_expires_at >= :now OR :late = 1)
