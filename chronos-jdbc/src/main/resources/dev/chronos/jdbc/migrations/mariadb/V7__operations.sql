-- Chronos schema, version 7, MariaDB: operations by hand and keys (issue 15). Depends on V1, V2.
-- next_trigger: the trigger the next attempt records instead of the usual one ('manual' after a
--   retry or run-now by hand); cleared when that attempt ends.
-- payload_fingerprint: SHA-256 hex of the payload's canonical JSON, kept for jobs with a key.
-- schedule_key: a schedule's key, unique per account (InnoDB unique indexes allow many NULLs).
ALTER TABLE ${prefix}jobs ADD COLUMN next_trigger VARCHAR(16);
ALTER TABLE ${prefix}jobs ADD COLUMN payload_fingerprint CHAR(64);
ALTER TABLE ${prefix}schedules ADD COLUMN schedule_key VARCHAR(255);
CREATE UNIQUE INDEX ${prefix}schedules_key ON ${prefix}schedules (account, schedule_key);
