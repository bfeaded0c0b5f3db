-- Chronos schema, version 2, PostgreSQL: recurring schedules. Spawned jobs live in ${prefix}jobs with
-- schedule_id set and the idempotency key '<schedule id>.<fire time in epoch ms>', so the jobs'
-- unique index allows one job per (schedule, fire time).

CREATE TABLE ${prefix}schedules (
  id              uuid         PRIMARY KEY,
  account         varchar(255) NOT NULL,
  name            varchar(255) NOT NULL,
  description     text,
  handler         varchar(255),
  status          varchar(16)  NOT NULL,
  cron            varchar(255),
  interval_value  bigint,
  interval_unit   varchar(8),
  timezone        varchar(64)  NOT NULL,
  next_run_at     timestamptz,
  runs            integer,
  run_count       integer      NOT NULL DEFAULT 0,
  stop_at         timestamptz,
  delivery_type   varchar(8)   NOT NULL,
  delivery        text,
  payload         jsonb,
  timeout_seconds bigint       NOT NULL,
  max_retries     integer      NOT NULL,
  misfire_policy  varchar(16)  NOT NULL,
  overlap_policy  varchar(16)  NOT NULL,
  created_at      timestamptz  NOT NULL,
  updated_at      timestamptz  NOT NULL,
  version         bigint       NOT NULL
);

-- The feeder: active schedules by their next fire.
CREATE INDEX ${prefix}schedules_due ON ${prefix}schedules (next_run_at) WHERE status = 'active';
CREATE INDEX ${prefix}schedules_list ON ${prefix}schedules (account, created_at DESC, id DESC);
