-- Cancels the jobs locked by cancel_jobs.sql.
UPDATE ${prefix}jobs SET status = 'cancelled', updated_at = :now WHERE id IN (<ids>)
