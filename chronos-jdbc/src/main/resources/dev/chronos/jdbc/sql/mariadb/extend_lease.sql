-- Moves a running execution's lease, unless it has already ended.
UPDATE ${prefix}executions SET lease_expires_at = :leaseExpiresAt
WHERE id = :id AND status = 'running' AND lease_expires_at >= :now
