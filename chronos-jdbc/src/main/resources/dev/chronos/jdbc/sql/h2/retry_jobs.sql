-- Runs failed jobs again by hand: due now, every attempt so far uncounted (released = attempts),
-- the next attempt recorded as manual; returns them as they are after the change.
SELECT * FROM FINAL TABLE (
  UPDATE ${prefix}jobs SET status = 'retrying', run_at = :now, updated_at = :now,
    released = attempts, next_trigger = 'manual'
  WHERE id IN (<ids>) AND status = 'failed')
