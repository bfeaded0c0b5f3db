-- Due jobs of one status and delivery type, due from :from by :horizon, in the due index's order (status, delivery_type,
-- run_at, id), so H2 reads the index in order and stops at the limit. ${handlers} is empty or the
-- code's fixed condition on the handler; ${account} is empty or the condition on the account.
SELECT id, run_at FROM ${prefix}jobs
WHERE status = :status AND delivery_type = :type AND run_at >= :from
  AND run_at <= :horizon${handlers}${account}
ORDER BY status, delivery_type, run_at, id LIMIT :limit
