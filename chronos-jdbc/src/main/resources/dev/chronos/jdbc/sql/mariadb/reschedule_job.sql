-- Moves a pending or retrying job to another time (a changed row count of 1 means it moved).
UPDATE ${prefix}jobs SET run_at = :runAt, updated_at = :now
WHERE id = :id AND status IN ('pending', 'retrying')
