-- Claims the jobs locked by claim_listed.sql or claim_due.sql (MariaDB's UPDATE returns no rows:
-- they are then read by jobs_by_ids.sql in the same transaction). FORCE INDEX (PRIMARY): on a small
-- table the optimizer chose a full scan, and the UPDATE then waited for the lock of every row it
-- read, among them a row claim_listed.sql had left out because another transaction held it.
UPDATE ${prefix}jobs FORCE INDEX (PRIMARY) SET status = 'running', attempts = attempts + 1, updated_at = :now
WHERE id IN (<ids>)
