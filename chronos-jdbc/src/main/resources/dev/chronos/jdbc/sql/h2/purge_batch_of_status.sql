-- Deletes a bounded batch of finished jobs of one status, in the order of its index.
DELETE FROM ${prefix}jobs WHERE id IN (
  SELECT id FROM ${prefix}jobs WHERE status = :status AND updated_at < :before
  ORDER BY status, updated_at LIMIT :limit)
