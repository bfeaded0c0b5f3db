-- Chronos schema, version 2, H2: recurring schedules. Spawned jobs live in ${prefix}jobs with
-- schedule_id set and the idempotency key '<schedule id>.<fire time in epoch ms>'.

CREATE TABLE ${prefix}schedules (
  id              UUID          PRIMARY KEY,
  account         VARCHAR(255)  NOT NULL,
  name            VARCHAR(255)  NOT NULL,
  description     CHARACTER LARGE OBJECT,
  handler         VARCHAR(255),
  status          VARCHAR(16)   NOT NULL,
  cron            VARCHAR(255),
  interval_value  BIGINT,
  interval_unit   VARCHAR(8),
  timezone        VARCHAR(64)   NOT NULL,
  next_run_at     TIMESTAMP(6) WITH TIME ZONE,
  runs            INTEGER,
  run_count       INTEGER       NOT NULL DEFAULT 0,
  stop_at         TIMESTAMP(6) WITH TIME ZONE,
  delivery_type   VARCHAR(8)    NOT NULL,
  delivery        CHARACTER LARGE OBJECT,
  payload         CHARACTER LARGE OBJECT,
  timeout_seconds BIGINT        NOT NULL,
  max_retries     INTEGER       NOT NULL,
  misfire_policy  VARCHAR(16)   NOT NULL,
  overlap_policy  VARCHAR(16)   NOT NULL,
  created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  version         BIGINT        NOT NULL
);

CREATE INDEX ${prefix}schedules_due ON ${prefix}schedules (status, next_run_at);
CREATE INDEX ${prefix}schedules_list ON ${prefix}schedules (account, created_at DESC, id DESC);
