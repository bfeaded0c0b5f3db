-- Claims the jobs locked by claim_listed.sql or claim_due.sql (MariaDB's UPDATE returns no rows:
-- they are then read by jobs_by_ids.sql in the same transaction).
UPDATE ${prefix}jobs SET status = 'running', attempts = attempts + 1, updated_at = :now
WHERE id IN (<ids>)
