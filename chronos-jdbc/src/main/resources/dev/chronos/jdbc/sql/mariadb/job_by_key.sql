-- The job that holds an idempotency key in an account, with its result (see job_by_id.sql), read
-- after insert_job_if_absent.sql in its transaction. A locking read (LOCK IN SHARE MODE) reads the
-- latest committed row, not the transaction's snapshot: in a transaction whose snapshot is older
-- than the holder's commit, a plain read would not find the holder the INSERT ran into.
SELECT j.*,
  (SELECT e.result FROM ${prefix}executions e
    WHERE e.job_id = j.id AND e.status = 'completed' ORDER BY e.attempt DESC LIMIT 1) AS result
FROM ${prefix}jobs j WHERE j.account = :account AND j.idempotency_key = :key
LOCK IN SHARE MODE
