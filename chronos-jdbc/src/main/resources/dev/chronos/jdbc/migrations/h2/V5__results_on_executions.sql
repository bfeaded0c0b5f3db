-- Chronos schema, version 5, H2. A handler's result is kept in one place: on the execution that
-- completed the job (a job has at most one). Reading a job by id takes the result from there; job
-- lists leave it out. Until V5 it was written to both rows; an execution that lacks it gets the
-- job's copy before the job's column goes. Depends on V1 only.
UPDATE ${prefix}executions e
  SET result = (SELECT j.result FROM ${prefix}jobs j WHERE j.id = e.job_id)
  WHERE e.status = 'completed' AND e.result IS NULL
    AND EXISTS (SELECT 1 FROM ${prefix}jobs j WHERE j.id = e.job_id AND j.result IS NOT NULL);
ALTER TABLE ${prefix}jobs DROP COLUMN result;
