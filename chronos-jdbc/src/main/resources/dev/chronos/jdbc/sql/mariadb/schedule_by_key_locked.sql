-- The schedule holding a key, read after insert_schedule_if_absent.sql in its transaction: a
-- locking read, so that it sees the latest committed row (see job_by_key.sql).
SELECT * FROM ${prefix}schedules WHERE account = :account AND schedule_key = :key
LOCK IN SHARE MODE
