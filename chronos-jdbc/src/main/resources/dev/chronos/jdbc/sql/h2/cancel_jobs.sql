-- Cancels the listed jobs that have not started (or wait for a retry); returns them.
SELECT * FROM FINAL TABLE (
  UPDATE ${prefix}jobs SET status = 'cancelled', updated_at = :now
  WHERE id IN (<ids>) AND status IN ('pending', 'retrying'))
