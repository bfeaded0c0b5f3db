-- Chronos schema, version 3, H2. Due jobs are read per status and delivery type in index order
-- (ORDER BY status, delivery_type, run_at, id), so a read stops at its limit instead of sorting
-- every due job, and one lane never reads the other lane's jobs.
DROP INDEX ${prefix}jobs_due;
CREATE INDEX ${prefix}jobs_due ON ${prefix}jobs (status, delivery_type, run_at, id);
