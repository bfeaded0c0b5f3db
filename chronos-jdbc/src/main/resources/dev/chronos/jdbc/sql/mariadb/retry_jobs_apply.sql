-- Runs the jobs locked by retry_jobs.sql again by hand: due now, every attempt so far uncounted
-- (released = attempts), the next attempt recorded as manual.
UPDATE ${prefix}jobs SET status = 'retrying', run_at = :now, updated_at = :now,
  released = attempts, next_trigger = 'manual'
WHERE id IN (<ids>)
