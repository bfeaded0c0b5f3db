-- Locks up to :max runnable due jobs the selector takes, earliest first, skipping rows another
-- claimer holds (MariaDB 10.6+). ${handlers} is empty or the code's fixed condition on pull jobs'
-- handlers, ${account} empty or the condition on the account; claim_apply.sql then claims the locked ones in the same transaction.
SELECT id FROM ${prefix}jobs
WHERE status IN ('pending', 'retrying') AND run_at <= :now${account}
  AND (${handlers} OR (:push = 1 AND delivery_type = 'push'))
ORDER BY run_at, id LIMIT :max FOR UPDATE SKIP LOCKED
