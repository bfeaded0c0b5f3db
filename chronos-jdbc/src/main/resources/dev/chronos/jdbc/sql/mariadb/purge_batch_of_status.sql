-- Deletes a bounded batch of finished jobs of one status, in the order of its index (MariaDB
-- refuses LIMIT in an IN subquery, but a single-table DELETE takes ORDER BY and LIMIT). Their
-- executions go with them (ON DELETE CASCADE). The lock wait is bounded to a second: the range
-- scan also locks the first index entry past its range, which can be a job a caller's open
-- transaction holds (a transactional submit that found its key); waiting for it up to
-- innodb_lock_wait_timeout held that entry's gap meanwhile, and completions of other jobs
-- inserting into that gap waited with it. On the timeout the round ends (RowBatchStatements).
SET STATEMENT innodb_lock_wait_timeout = 1 FOR
DELETE FROM ${prefix}jobs WHERE status = :status AND updated_at < :before
ORDER BY updated_at LIMIT :limit
