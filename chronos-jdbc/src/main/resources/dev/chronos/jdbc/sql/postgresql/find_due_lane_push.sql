-- The push branch of the feeder's read: the earliest due push jobs, from the push due index. ${account}
-- is empty or the code's condition on the account.
(SELECT id, run_at FROM ${prefix}jobs
  WHERE status IN ('pending', 'retrying') AND delivery_type = 'push' AND run_at >= :from
  AND run_at <= :horizon${account}
  ORDER BY run_at, id LIMIT :limit)
