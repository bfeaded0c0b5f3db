-- Deletes a bounded batch of finished jobs of one status, in the order of its index (MariaDB
-- refuses LIMIT in an IN subquery, but a single-table DELETE takes ORDER BY and LIMIT). Their
-- executions go with them (ON DELETE CASCADE).
DELETE FROM ${prefix}jobs WHERE status = :status AND updated_at < :before
ORDER BY updated_at LIMIT :limit
