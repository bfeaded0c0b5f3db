-- One branch of the feeder's read (see PostgresStatements.due): the earliest due jobs of one pull
-- handler, from the per-handler due index, stopping at :limit. ${n} is the branch's number, so each
-- branch binds its own handler (:handler0, :handler1, ...). ${account} is empty or the code's
-- condition on the account, for a worker claiming for one account.
(SELECT id, run_at FROM ${prefix}jobs
  WHERE status IN ('pending', 'retrying') AND delivery_type = 'pull' AND handler = :handler${n}
    AND run_at >= :from AND run_at <= :horizon${account}
  ORDER BY run_at, id LIMIT :limit)
