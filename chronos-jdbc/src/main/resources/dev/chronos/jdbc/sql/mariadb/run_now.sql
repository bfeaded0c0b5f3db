-- Makes a pending or retrying job due now by hand, unless it already is: its next attempt is manual.
-- MariaDB's UPDATE returns no rows: a changed row count of 1 means it was changed.
UPDATE ${prefix}jobs SET run_at = :now, updated_at = :now, next_trigger = 'manual'
WHERE id = :id AND status IN ('pending', 'retrying')
  AND (next_trigger IS NULL OR next_trigger <> 'manual')
