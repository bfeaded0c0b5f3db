-- The job that holds an idempotency key in an account, with its result (see job_by_id.sql).
SELECT j.*,
  (SELECT e.result FROM ${prefix}executions e
    WHERE e.job_id = j.id AND e.status = 'completed' ORDER BY e.attempt DESC LIMIT 1) AS result
FROM ${prefix}jobs j WHERE j.account = :account AND j.idempotency_key = :key
