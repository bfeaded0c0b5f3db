-- Chronos schema, version 6, PostgreSQL: every hot query reads only the rows it returns, however
-- many other jobs the table holds.
-- Pull jobs due, per handler: a node's feeder and a pull worker's claim read each of their own
-- handlers' due jobs in (run_at, id) order, never walking other handlers' backlog.
CREATE INDEX ${prefix}jobs_due_pull_handler ON ${prefix}jobs (handler, run_at, id)
  WHERE status IN ('pending', 'retrying') AND delivery_type = 'pull';
-- A schedule's unfinished jobs (overlap: skip at every fire; archive cancels the runnable
-- ones): only unfinished jobs are in this index, so it stays small however many ran.
CREATE INDEX ${prefix}jobs_schedule_unfinished ON ${prefix}jobs (schedule_id)
  WHERE status IN ('pending', 'retrying', 'running');
-- Lists filtered by status, newest first: read per status straight from the index (keyset paging).
CREATE INDEX ${prefix}jobs_list_status ON ${prefix}jobs (account, status, created_at DESC, id DESC);
-- A schedule's jobs, newest first with ties by id, so that its list is read in index order.
DROP INDEX ${prefix}jobs_schedule;
CREATE INDEX ${prefix}jobs_schedule ON ${prefix}jobs (schedule_id, created_at DESC, id DESC)
  WHERE schedule_id IS NOT NULL;
