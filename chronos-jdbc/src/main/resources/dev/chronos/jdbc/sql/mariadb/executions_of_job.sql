-- A job's executions, first attempt first, through the (job_id, attempt) index.
SELECT * FROM ${prefix}executions WHERE job_id = :jobId ORDER BY attempt
