-- Locks those of the listed jobs that are still runnable and due, skipping rows another claimer
-- holds (MariaDB 10.6+); claim_apply.sql then claims the locked ones in the same transaction.
SELECT id FROM ${prefix}jobs
WHERE id IN (<ids>) AND status IN ('pending', 'retrying') AND run_at <= :now
ORDER BY id FOR UPDATE SKIP LOCKED
