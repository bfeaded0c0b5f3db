-- Deletes a bounded batch of finished jobs of the listed statuses, oldest first through the
-- finished-jobs index (the fixed condition on the finished statuses lets the planner use that partial
-- index whatever statuses are bound), skipping rows other transactions hold. The ids are collected
-- into an array first (= ANY(ARRAY(...))), so the rows are deleted by primary key: with
-- IN (subquery) the generic plan of the prepared statement joins the batch against a sequential scan
-- of the whole table. Their executions go with them (ON DELETE CASCADE).
DELETE FROM ${prefix}jobs WHERE id = ANY(ARRAY(
  SELECT id FROM ${prefix}jobs
  WHERE status IN ('completed', 'failed', 'cancelled') AND status IN (<statuses>)
    AND updated_at < :before
  ORDER BY updated_at LIMIT :limit FOR UPDATE SKIP LOCKED))
