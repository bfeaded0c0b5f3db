-- Locks the listed failed jobs; retry_jobs_apply.sql then retries them in the same transaction.
SELECT id FROM ${prefix}jobs WHERE id IN (<ids>) AND status = 'failed' ORDER BY id FOR UPDATE
