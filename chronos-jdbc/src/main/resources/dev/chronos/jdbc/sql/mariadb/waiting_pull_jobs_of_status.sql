-- The earliest pull jobs of one status due by a time, in the due index's order.
SELECT handler, run_at FROM ${prefix}jobs
WHERE status = :status AND delivery_type = 'pull' AND run_at <= :dueBefore
ORDER BY status, delivery_type, run_at, id LIMIT :limit
