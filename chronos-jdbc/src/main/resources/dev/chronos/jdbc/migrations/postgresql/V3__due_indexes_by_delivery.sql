-- Chronos schema, version 3, PostgreSQL. The handler lane and the push lane each read the due jobs
-- of their own delivery type: one partial index per type lets each read only its own jobs,
-- earliest first and already in (run_at, id) order, however many jobs of the other type are due.
DROP INDEX ${prefix}jobs_due;
CREATE INDEX ${prefix}jobs_due_pull ON ${prefix}jobs (run_at, id)
  WHERE status IN ('pending', 'retrying') AND delivery_type = 'pull';
CREATE INDEX ${prefix}jobs_due_push ON ${prefix}jobs (run_at, id)
  WHERE status IN ('pending', 'retrying') AND delivery_type = 'push';
