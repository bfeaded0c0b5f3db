-- Moves a pending or retrying job to another time (a changed row count of 1 means it moved). Its
-- next attempt is no longer one by hand (an earlier run now or retry): the trigger is cleared, so a
-- later run now is allowed again.
UPDATE ${prefix}jobs SET run_at = :runAt, updated_at = :now, next_trigger = NULL
WHERE id = :id AND status IN ('pending', 'retrying')
