-- Chronos schema, version 7, PostgreSQL: operations by hand and keys (issue 15). Depends on V1, V2.
-- next_trigger: the trigger the next attempt records instead of the usual one ('manual' after a
--   retry or run-now by hand); cleared when that attempt ends.
-- payload_fingerprint: SHA-256 hex of the payload's canonical JSON, kept for jobs with an
--   idempotency key, so a get-or-create that requires the same payload compares 64 characters
--   instead of reading the payload back (rows from before V7 have none: the payload decides).
-- schedule_key: a schedule's key, unique per account while the schedule exists.
ALTER TABLE ${prefix}jobs ADD COLUMN next_trigger varchar(16);
ALTER TABLE ${prefix}jobs ADD COLUMN payload_fingerprint char(64);
ALTER TABLE ${prefix}schedules ADD COLUMN schedule_key varchar(255);
CREATE UNIQUE INDEX ${prefix}schedules_key ON ${prefix}schedules (account, schedule_key)
  WHERE schedule_key IS NOT NULL;
