-- Chronos schema, version 1, H2 2.x. ${prefix} is the configured table prefix (default chronos_).
-- Times are TIMESTAMP(6) WITH TIME ZONE; JSON is kept as text; statuses are the API's lower-case names.

CREATE TABLE ${prefix}jobs (
  id              UUID          PRIMARY KEY,
  account         VARCHAR(255)  NOT NULL,
  name            VARCHAR(255)  NOT NULL,
  handler         VARCHAR(255),
  payload         CHARACTER LARGE OBJECT,
  status          VARCHAR(16)   NOT NULL,
  scheduled_for   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  run_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  attempts        INTEGER       NOT NULL DEFAULT 0,
  released        INTEGER       NOT NULL DEFAULT 0,
  max_retries     INTEGER       NOT NULL,
  timeout_seconds BIGINT        NOT NULL,
  delivery_type   VARCHAR(8)    NOT NULL,
  delivery        CHARACTER LARGE OBJECT,
  idempotency_key VARCHAR(255),
  schedule_id     UUID,
  last_error      CHARACTER LARGE OBJECT,
  result          CHARACTER LARGE OBJECT
);

-- Idempotency: H2 unique indexes let any number of rows have a NULL key.
CREATE UNIQUE INDEX ${prefix}jobs_idempotency ON ${prefix}jobs (account, idempotency_key);
CREATE INDEX ${prefix}jobs_due ON ${prefix}jobs (status, run_at);
CREATE INDEX ${prefix}jobs_list ON ${prefix}jobs (account, created_at DESC, id DESC);
CREATE INDEX ${prefix}jobs_schedule ON ${prefix}jobs (schedule_id);
CREATE INDEX ${prefix}jobs_finished ON ${prefix}jobs (status, updated_at);

CREATE TABLE ${prefix}executions (
  id               UUID          PRIMARY KEY,
  job_id           UUID          NOT NULL REFERENCES ${prefix}jobs (id) ON DELETE CASCADE,
  attempt          INTEGER       NOT NULL,
  trigger_type     VARCHAR(16)   NOT NULL,
  status           VARCHAR(16)   NOT NULL,
  started_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  finished_at      TIMESTAMP(6) WITH TIME ZONE,
  lease_expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  error            CHARACTER LARGE OBJECT,
  result           CHARACTER LARGE OBJECT,
  node             VARCHAR(255),
  http_status      INTEGER
);

CREATE INDEX ${prefix}executions_job ON ${prefix}executions (job_id, attempt);
CREATE INDEX ${prefix}executions_lease ON ${prefix}executions (status, lease_expires_at);
