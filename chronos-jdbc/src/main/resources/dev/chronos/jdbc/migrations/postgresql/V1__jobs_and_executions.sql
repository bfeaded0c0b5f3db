-- Chronos schema, version 1, PostgreSQL 13+. ${prefix} is the configured table prefix (default chronos_).
-- Times are timestamptz (microseconds); JSON is jsonb; statuses are the API's lower-case names.

CREATE TABLE ${prefix}jobs (
  id              uuid         PRIMARY KEY,
  account         varchar(255) NOT NULL,
  name            varchar(255) NOT NULL,
  handler         varchar(255),
  payload         jsonb,
  status          varchar(16)  NOT NULL,
  scheduled_for   timestamptz  NOT NULL,
  run_at          timestamptz  NOT NULL,
  created_at      timestamptz  NOT NULL,
  updated_at      timestamptz  NOT NULL,
  attempts        integer      NOT NULL DEFAULT 0,
  released        integer      NOT NULL DEFAULT 0,
  max_retries     integer      NOT NULL,
  timeout_seconds bigint       NOT NULL,
  delivery_type   varchar(8)   NOT NULL,
  delivery        text,          -- push settings as JSON text: header order is kept
  idempotency_key varchar(255),
  schedule_id     uuid,
  last_error      text,
  result          jsonb
);

-- Idempotency: one job per (account, key) while the job exists. Conflicts are detected by this index.
CREATE UNIQUE INDEX ${prefix}jobs_idempotency ON ${prefix}jobs (account, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
-- The feeder and the claim: runnable jobs by due time; finished jobs are not in this index.
CREATE INDEX ${prefix}jobs_due ON ${prefix}jobs (run_at) WHERE status IN ('pending', 'retrying');
-- Listing: newest first within an account.
CREATE INDEX ${prefix}jobs_list ON ${prefix}jobs (account, created_at DESC, id DESC);
-- A schedule's jobs.
CREATE INDEX ${prefix}jobs_schedule ON ${prefix}jobs (schedule_id, created_at DESC)
  WHERE schedule_id IS NOT NULL;
-- Purge of finished jobs.
CREATE INDEX ${prefix}jobs_finished ON ${prefix}jobs (updated_at)
  WHERE status IN ('completed', 'failed', 'cancelled');

CREATE TABLE ${prefix}executions (
  id               uuid         PRIMARY KEY,
  job_id           uuid         NOT NULL REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  attempt          integer      NOT NULL,
  trigger_type     varchar(16)  NOT NULL,
  status           varchar(16)  NOT NULL,
  started_at       timestamptz  NOT NULL,
  finished_at      timestamptz,
  lease_expires_at timestamptz  NOT NULL,
  error            text,
  result           jsonb,
  node             varchar(255),
  http_status      integer
);

CREATE INDEX ${prefix}executions_job ON ${prefix}executions (job_id, attempt);
-- The rescuer: running executions by the end of their lease.
CREATE INDEX ${prefix}executions_lease ON ${prefix}executions (lease_expires_at)
  WHERE status = 'running';
