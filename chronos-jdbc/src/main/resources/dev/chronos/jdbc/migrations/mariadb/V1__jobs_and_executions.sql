-- Chronos schema, version 1, MariaDB 10.6+ (InnoDB, utf8mb4). ${prefix} is the table prefix.
-- Times are DATETIME(6) holding UTC: the store binds and reads them as UTC wall-clock values, so
-- neither the server's, the session's nor the JVM's time zone changes what is stored (DATETIME,
-- unlike TIMESTAMP, is never converted by the session time zone). Ids are UUID text in ascii_bin,
-- which orders them as unsigned numbers, as the other dialects do. Text is utf8mb4_nopad_bin:
-- keys compare byte for byte (case and trailing spaces count), as on PostgreSQL and H2. Payloads
-- and deliveries are JSON (checked by the server). This file starts at the shape H2 and
-- PostgreSQL reach at V5 (results on executions), so V5 has nothing to do here.

CREATE TABLE ${prefix}jobs (
  id              CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  account         VARCHAR(255)  NOT NULL,
  name            VARCHAR(255)  NOT NULL,
  handler         VARCHAR(255),
  payload         JSON,
  status          VARCHAR(16)   NOT NULL,
  scheduled_for   DATETIME(6)   NOT NULL,
  run_at          DATETIME(6)   NOT NULL,
  created_at      DATETIME(6)   NOT NULL,
  updated_at      DATETIME(6)   NOT NULL,
  attempts        INTEGER       NOT NULL DEFAULT 0,
  released        INTEGER       NOT NULL DEFAULT 0,
  max_retries     INTEGER       NOT NULL,
  timeout_seconds BIGINT        NOT NULL,
  delivery_type   VARCHAR(8)    NOT NULL,
  delivery        JSON,
  idempotency_key VARCHAR(255),
  schedule_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin,
  last_error      LONGTEXT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

-- Idempotency: InnoDB unique indexes let any number of rows have a NULL key.
CREATE UNIQUE INDEX ${prefix}jobs_idempotency ON ${prefix}jobs (account, idempotency_key);
CREATE INDEX ${prefix}jobs_due ON ${prefix}jobs (status, run_at);
CREATE INDEX ${prefix}jobs_list ON ${prefix}jobs (account, created_at DESC, id DESC);
CREATE INDEX ${prefix}jobs_schedule ON ${prefix}jobs (schedule_id);
CREATE INDEX ${prefix}jobs_finished ON ${prefix}jobs (status, updated_at);

CREATE TABLE ${prefix}executions (
  id               CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  job_id           CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  attempt          INTEGER       NOT NULL,
  trigger_type     VARCHAR(16)   NOT NULL,
  status           VARCHAR(16)   NOT NULL,
  started_at       DATETIME(6)   NOT NULL,
  finished_at      DATETIME(6),
  lease_expires_at DATETIME(6)   NOT NULL,
  error            LONGTEXT,
  result           JSON,
  node             VARCHAR(255),
  http_status      INTEGER,
  CONSTRAINT ${prefix}executions_of_job FOREIGN KEY (job_id) REFERENCES ${prefix}jobs (id)
    ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

CREATE INDEX ${prefix}executions_job ON ${prefix}executions (job_id, attempt);
CREATE INDEX ${prefix}executions_lease ON ${prefix}executions (status, lease_expires_at);
