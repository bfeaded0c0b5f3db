-- Claims up to :max runnable due jobs the selector takes, earliest first, in one statement:
-- the candidates are locked skipping rows other claimers hold, then claimed and returned.
WITH due AS (
  SELECT id FROM ${prefix}jobs
  WHERE status IN ('pending', 'retrying') AND run_at <= :now AND ${selects}
  ORDER BY run_at, id LIMIT :max FOR UPDATE SKIP LOCKED)
UPDATE ${prefix}jobs j SET status = 'running', attempts = j.attempts + 1, updated_at = :now
FROM due WHERE j.id = due.id AND j.status IN ('pending', 'retrying') AND j.run_at <= :now
RETURNING j.*
