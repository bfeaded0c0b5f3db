-- Chronos schema, version 6, H2. H2 rewrites every index of a row on every UPDATE, so the hot jobs
-- table gets no new index here: the schedule index gains the status instead, so that a schedule's
-- unfinished jobs (overlap: skip at every fire; archive and pause) are read from the index without
-- visiting the schedule's finished jobs.
DROP INDEX ${prefix}jobs_schedule;
CREATE INDEX ${prefix}jobs_schedule ON ${prefix}jobs (schedule_id, status);
