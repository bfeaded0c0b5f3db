-- Chronos schema, version 5, PostgreSQL. A handler's result is kept in one place: on the execution
-- that completed the job (a job has at most one). Reading a job by id takes the result from there;
-- job lists leave it out. Until V5 it was written to both rows; an execution that lacks it gets
-- the job's copy before the job's column goes. Depends on V1 only.
UPDATE ${prefix}executions e SET result = j.result
  FROM ${prefix}jobs j
  WHERE e.job_id = j.id AND e.status = 'completed' AND e.result IS NULL AND j.result IS NOT NULL;
ALTER TABLE ${prefix}jobs DROP COLUMN result;
