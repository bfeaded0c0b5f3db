-- Locks those of the listed jobs that are still runnable and due; claim_apply.sql then claims the
-- locked ones in the same transaction. Without SKIP LOCKED: with it, concurrent claimers of one
-- list on MariaDB 10.11 skipped rows that none of them then claimed, through the due index (87 of
-- 500 claimed) and through the primary key alike (145 of 500 in one run of
-- MariaDbListedClaimsTest; the cause is not known, see docs/decisions.md). Rows are locked in
-- primary-key order, the same order in every claimer, so claimers of overlapping lists never
-- deadlock. NOWAIT: a row another transaction holds fails the statement at once (error 1205, only
-- the statement is rolled back), and MariaDbStatements then locks the rows one by one with a short
-- wait (claim_listed_one.sql). A row can be held for long: a caller's open transaction that
-- submitted that job's key again holds its row until the caller commits.
SELECT id FROM ${prefix}jobs FORCE INDEX (PRIMARY)
WHERE id IN (<ids>) AND status IN ('pending', 'retrying') AND run_at <= :now
ORDER BY id FOR UPDATE NOWAIT
