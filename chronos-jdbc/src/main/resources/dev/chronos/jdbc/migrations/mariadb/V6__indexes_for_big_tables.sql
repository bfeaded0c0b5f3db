-- Chronos schema, version 6, MariaDB. The schedule index gains the status, so that a schedule's
-- unfinished jobs (overlap: skip at every fire; archive and pause) are read from the index without
-- visiting the schedule's finished jobs.
DROP INDEX ${prefix}jobs_schedule ON ${prefix}jobs;
CREATE INDEX ${prefix}jobs_schedule ON ${prefix}jobs (schedule_id, status);
