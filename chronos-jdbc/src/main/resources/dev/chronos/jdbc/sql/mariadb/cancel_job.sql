-- Cancels a job that has not started (or waits for a retry).
UPDATE ${prefix}jobs SET status = 'cancelled', updated_at = :now
WHERE id = :id AND status IN ('pending', 'retrying')
