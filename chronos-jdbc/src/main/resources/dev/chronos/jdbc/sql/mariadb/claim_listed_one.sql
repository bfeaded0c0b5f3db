-- One listed job, locked if it is still runnable and due, after claim_listed.sql found a row held
-- (see MariaDbStatements#claimListed). WAIT 1 bounds the wait: another claimer holds a row for one
-- short claim transaction, so the row is found as that one committed it (a locking read reads the
-- latest committed row); a row held longer (a caller's open transaction that submitted the job's
-- key again) fails with error 1205 after a second and is left for a later poll.
SELECT id FROM ${prefix}jobs
WHERE id = :id AND status IN ('pending', 'retrying') AND run_at <= :now
FOR UPDATE WAIT 1
