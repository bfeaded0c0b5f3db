-- Deletes a bounded batch of finished jobs of one status, in the order of its index. The outer
-- conditions repeat the inner ones: H2 reads the subquery's ids once and does not check them again
-- on the rows it then locks, so without them a job retried by hand (failed -> retrying) while the
-- purge waited for its row lock would be deleted.
DELETE FROM ${prefix}jobs WHERE status = :status AND updated_at < :before AND id IN (
  SELECT id FROM ${prefix}jobs WHERE status = :status AND updated_at < :before
  ORDER BY status, updated_at LIMIT :limit)
