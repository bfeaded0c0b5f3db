-- Claims the listed jobs where they are still runnable and due. Only the primary key selects
-- the candidates (the claim checks status and due time on the locked rows): with the runnable and
-- due conditions there, the planner may pick the due index on stale statistics and scan every due
-- row for each claim.
WITH due AS (SELECT id FROM ${prefix}jobs WHERE id IN (<ids>) FOR UPDATE SKIP LOCKED)
UPDATE ${prefix}jobs j SET status = 'running', attempts = j.attempts + 1, updated_at = :now
FROM due WHERE j.id = due.id AND j.status IN ('pending', 'retrying') AND j.run_at <= :now
RETURNING j.*
