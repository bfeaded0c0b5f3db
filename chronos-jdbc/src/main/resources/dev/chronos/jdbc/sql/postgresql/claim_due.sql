-- Claims up to :max runnable due jobs a pull worker takes, earliest first, in one statement. The
-- candidates are read as find_due reads them (per handler, each stopping at its limit), twice as
-- many as wanted, so that rows other claimers hold can be skipped; then the first :max of them
-- that are still runnable and not locked are locked (by primary key, skipping locked rows), claimed
-- and returned. ${account} is empty or the code's condition on the account, for a worker claiming
-- for one account.
WITH candidates AS (
  SELECT d.id FROM (
    SELECT p.id, p.run_at FROM unnest(CAST(:handlers AS text[])) AS h(name)
    CROSS JOIN LATERAL (
      SELECT id, run_at FROM ${prefix}jobs
      WHERE status IN ('pending', 'retrying') AND delivery_type = 'pull' AND handler = h.name
        AND run_at <= :now${account}
      ORDER BY run_at, id LIMIT :pool) p
    UNION ALL
    (SELECT id, run_at FROM ${prefix}jobs
      WHERE :push AND status IN ('pending', 'retrying') AND delivery_type = 'push'
        AND run_at <= :now${account}
      ORDER BY run_at, id LIMIT :pool)) d
  ORDER BY d.run_at, d.id LIMIT :pool),
due AS (
  SELECT j.id FROM ${prefix}jobs j
  WHERE j.id = ANY(ARRAY(SELECT id FROM candidates))
    AND j.status IN ('pending', 'retrying') AND j.run_at <= :now
  ORDER BY j.run_at, j.id LIMIT :max FOR UPDATE SKIP LOCKED)
UPDATE ${prefix}jobs j SET status = 'running', attempts = j.attempts + 1, updated_at = :now
FROM due WHERE j.id = due.id AND j.status IN ('pending', 'retrying') AND j.run_at <= :now
RETURNING j.*
