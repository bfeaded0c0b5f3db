-- Moves a pending or retrying job to another time.
SELECT * FROM FINAL TABLE (
  UPDATE ${prefix}jobs SET run_at = :runAt, updated_at = :now
  WHERE id = :id AND status IN ('pending', 'retrying'))
