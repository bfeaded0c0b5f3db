-- Moves a running job on after its outcome; the attempt used up a trigger set by hand.
UPDATE ${prefix}jobs SET status = :status, run_at = :runAt, updated_at = :now,
  last_error = :lastError, released = released + :released, next_trigger = NULL
WHERE id = :id AND status = 'running'
