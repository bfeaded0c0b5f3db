-- Locks the listed jobs that have not started (or wait for a retry); cancel_jobs_apply.sql then
-- cancels them in the same transaction.
SELECT id FROM ${prefix}jobs WHERE id IN (<ids>) AND status IN ('pending', 'retrying')
ORDER BY id FOR UPDATE
