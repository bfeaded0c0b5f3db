-- Chronos schema, version 2, MariaDB: recurring schedules. Spawned jobs live in ${prefix}jobs with
-- schedule_id set and the idempotency key '<schedule id>.<fire time in epoch ms>'.

CREATE TABLE ${prefix}schedules (
  id              CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  account         VARCHAR(255)  NOT NULL,
  name            VARCHAR(255)  NOT NULL,
  description     LONGTEXT,
  handler         VARCHAR(255),
  status          VARCHAR(16)   NOT NULL,
  cron            VARCHAR(255),
  interval_value  BIGINT,
  interval_unit   VARCHAR(8),
  timezone        VARCHAR(64)   NOT NULL,
  next_run_at     DATETIME(6),
  runs            INTEGER,
  run_count       INTEGER       NOT NULL DEFAULT 0,
  stop_at         DATETIME(6),
  delivery_type   VARCHAR(8)    NOT NULL,
  delivery        JSON,
  payload         JSON,
  timeout_seconds BIGINT        NOT NULL,
  max_retries     INTEGER       NOT NULL,
  misfire_policy  VARCHAR(16)   NOT NULL,
  overlap_policy  VARCHAR(16)   NOT NULL,
  created_at      DATETIME(6)   NOT NULL,
  updated_at      DATETIME(6)   NOT NULL,
  version         BIGINT        NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

CREATE INDEX ${prefix}schedules_due ON ${prefix}schedules (status, next_run_at);
CREATE INDEX ${prefix}schedules_list ON ${prefix}schedules (account, created_at DESC, id DESC);
