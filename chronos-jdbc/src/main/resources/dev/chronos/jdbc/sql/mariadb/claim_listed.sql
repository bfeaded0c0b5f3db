-- Locks those of the listed jobs that are still runnable and due; claim_apply.sql then claims the
-- locked ones in the same transaction. Without SKIP LOCKED: with it, concurrent claimers of one
-- list on MariaDB 10.11 skipped rows that none of them then claimed, through the due index (87 of
-- 500 claimed) and through the primary key alike (145 of 500 in one run of
-- MariaDbListedClaimsTest; the cause is not known, see docs/decisions.md). Waiting instead, a
-- claimer finds a row another claimer held as that one committed it (a locking read reads the
-- latest committed row), that is claimed, and leaves it. Rows are locked in primary-key order, the
-- same order in every claimer, so claimers of overlapping lists wait for each other but never
-- deadlock; the wait is one short claim transaction. Batch claims (claim_due.sql) keep SKIP LOCKED.
SELECT id FROM ${prefix}jobs FORCE INDEX (PRIMARY)
WHERE id IN (<ids>) AND status IN ('pending', 'retrying') AND run_at <= :now
ORDER BY id FOR UPDATE
