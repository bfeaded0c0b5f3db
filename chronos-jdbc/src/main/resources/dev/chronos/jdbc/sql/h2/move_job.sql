-- Moves a running job on after its outcome.
UPDATE ${prefix}jobs SET status = :status, run_at = :runAt, updated_at = :now,
  last_error = :lastError, released = released + :released
WHERE id = :id AND status = 'running'
