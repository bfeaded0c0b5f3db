-- Makes a pending or retrying job due now by hand, unless it already is: its next attempt is manual.
SELECT * FROM FINAL TABLE (
  UPDATE ${prefix}jobs SET run_at = :now, updated_at = :now, next_trigger = 'manual'
  WHERE id = :id AND status IN ('pending', 'retrying')
    AND (next_trigger IS NULL OR next_trigger <> 'manual'))
