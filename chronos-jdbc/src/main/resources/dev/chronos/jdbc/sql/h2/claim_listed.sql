-- Claims those of the listed jobs that are still runnable and due, and returns them as they are
-- after the claim.
SELECT * FROM FINAL TABLE (
  UPDATE ${prefix}jobs SET status = 'running', attempts = attempts + 1, updated_at = :now
  WHERE id IN (<ids>) AND status IN ('pending', 'retrying') AND run_at <= :now)
