-- Locks those of the listed jobs that are still runnable and due, skipping rows another claimer
-- holds (MariaDB 10.6+); claim_apply.sql then claims the locked ones in the same transaction.
-- Through the primary key (FORCE INDEX): left to itself MariaDB reads this through a covering
-- range of jobs_due, and a REPEATABLE READ locking read through a secondary index keeps every
-- index entry it locked, including those of rows it then skips; concurrent claimers of one list
-- then skipped rows none of them claimed (87 of 500 in one run of the contract's concurrent-claims
-- test). On the primary key a row skipped is a row another claimer holds and claims
-- (MariaDbListedClaimsTest: 15 rounds of 8 claimers, every job claimed once).
SELECT id FROM ${prefix}jobs FORCE INDEX (PRIMARY)
WHERE id IN (<ids>) AND status IN ('pending', 'retrying') AND run_at <= :now
ORDER BY id FOR UPDATE SKIP LOCKED
