-- Locks those of the listed jobs that are still runnable and due, skipping rows another claimer
-- holds (MariaDB 10.6+); claim_apply.sql then claims the locked ones in the same transaction.
-- Through the primary key only: read through the due index, a claimer that skips a row would
-- still hold the lock it took on the row's index entry, and concurrent claimers of one list could
-- then skip each other's rows so that none claims them. On the primary key, a row skipped is a
-- row another claimer holds and claims.
SELECT id FROM ${prefix}jobs FORCE INDEX (PRIMARY)
WHERE id IN (<ids>) AND status IN ('pending', 'retrying') AND run_at <= :now
ORDER BY id FOR UPDATE SKIP LOCKED
