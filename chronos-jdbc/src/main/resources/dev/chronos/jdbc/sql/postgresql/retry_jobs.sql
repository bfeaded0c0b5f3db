-- Runs failed jobs again by hand: due now, every attempt so far uncounted (released = attempts),
-- the next attempt recorded as manual. Rows are locked in id order, so concurrent batches never
-- deadlock; jobs not failed (any more) are left alone.
WITH t AS (SELECT id FROM ${prefix}jobs WHERE id IN (<ids>) ORDER BY id FOR UPDATE)
UPDATE ${prefix}jobs j SET status = 'retrying', run_at = :now, updated_at = :now,
  released = j.attempts, next_trigger = 'manual'
FROM t WHERE j.id = t.id AND j.status = 'failed'
RETURNING j.*
