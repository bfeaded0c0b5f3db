-- A job with its result, which lives on its completed execution only (schema V5): a job has at
-- most one, found through the executions' (job_id, attempt) index.
SELECT j.*,
  (SELECT e.result FROM ${prefix}executions e
    WHERE e.job_id = j.id AND e.status = 'completed' ORDER BY e.attempt DESC LIMIT 1) AS result
FROM ${prefix}jobs j WHERE j.id = :id
