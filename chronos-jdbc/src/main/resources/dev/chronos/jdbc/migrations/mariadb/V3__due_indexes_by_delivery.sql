-- Chronos schema, version 3, MariaDB. Due jobs are read per status and delivery type in index
-- order (status, delivery_type, run_at, id), so a read stops at its limit instead of sorting every
-- due job, and one lane never reads the other lane's jobs.
DROP INDEX ${prefix}jobs_due ON ${prefix}jobs;
CREATE INDEX ${prefix}jobs_due ON ${prefix}jobs (status, delivery_type, run_at, id);
