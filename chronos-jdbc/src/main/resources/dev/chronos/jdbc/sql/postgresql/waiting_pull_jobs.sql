-- The earliest runnable pull jobs due by a time, through the pull due index, which stops at the
-- limit.
SELECT handler, run_at FROM ${prefix}jobs
WHERE status IN ('pending', 'retrying') AND delivery_type = 'pull' AND run_at <= :dueBefore
ORDER BY run_at, id LIMIT :limit
