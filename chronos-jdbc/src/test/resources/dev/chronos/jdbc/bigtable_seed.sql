-- A big table for BigTablePlansTest, seeded by SQL (:n jobs, :now the test's instant), shaped like
-- a busy production table: most jobs finished long ago with one execution each, a backlog of due
-- jobs for a handler no node under test runs, a few due jobs for the handlers under test, running
-- jobs with leases on three nodes (some ended), and thousands of schedules with hundreds of
-- finished jobs each.

-- Finished jobs (92%) and the backlog of due pull jobs of handler "other" (8%), one per second,
-- one in ten in account "acme", one in seven of the finished ones spawned by one of 50 schedules.
INSERT INTO ${prefix}jobs (id, account, name, handler, payload, status, scheduled_for, run_at,
  created_at, updated_at, attempts, released, max_retries, timeout_seconds, delivery_type, delivery,
  idempotency_key, schedule_id, last_error)
SELECT md5('job' || i)::uuid,
  CASE WHEN i % 10 = 0 THEN 'acme' ELSE 'default' END,
  'seeded',
  CASE WHEN i % 100 >= 92 THEN 'other' ELSE 'report' END,
  '{"n": 1}'::jsonb,
  CASE WHEN i % 100 < 85 THEN 'completed' WHEN i % 100 < 90 THEN 'failed'
    WHEN i % 100 < 92 THEN 'cancelled' ELSE 'pending' END,
  t,
  CASE WHEN i % 100 >= 92 THEN CAST(:now AS timestamptz) - interval '1 second' * (i % 3600) ELSE t END,
  t,
  t + interval '5 seconds',
  CASE WHEN i % 100 < 90 THEN 1 ELSE 0 END, 0, 3, 30, 'pull', NULL,
  CASE WHEN i % 3 = 0 THEN 'key-' || i END,
  CASE WHEN i % 7 = 0 AND i % 100 < 92 THEN md5('schedule' || (i % 50))::uuid END,
  CASE WHEN i % 100 BETWEEN 85 AND 89 THEN 'boom' END
FROM (SELECT i, CAST(:now AS timestamptz) - interval '1 hour' - interval '1 second' * (:n - i) AS t
      FROM generate_series(1, :n) i) s;

-- One execution per job that ran.
INSERT INTO ${prefix}executions (id, job_id, attempt, trigger_type, status, started_at,
  finished_at, lease_expires_at, error, result, node, http_status)
SELECT md5('execution' || id::text)::uuid, id, 1, 'submit', status, created_at, updated_at,
  created_at + interval '40 seconds', last_error,
  CASE WHEN status = 'completed' THEN '{"ok": true}'::jsonb END, 'node-' || (abs(hashtext(id::text)) % 3), NULL
FROM ${prefix}jobs WHERE status IN ('completed', 'failed');

-- The handlers under test: 50 due "email" pull jobs, 20 "email" retries not yet due, 200 due
-- push jobs; one due job of schedule 0, which so has an unfinished job.
INSERT INTO ${prefix}jobs (id, account, name, handler, payload, status, scheduled_for, run_at,
  created_at, updated_at, attempts, released, max_retries, timeout_seconds, delivery_type, delivery,
  idempotency_key, schedule_id, last_error)
SELECT md5('email' || i)::uuid, 'default', 'email', 'email', NULL,
  CASE WHEN i <= 50 THEN 'pending' ELSE 'retrying' END,
  CAST(:now AS timestamptz) - interval '1 second' * i,
  CASE WHEN i <= 50 THEN CAST(:now AS timestamptz) - interval '1 second' * i
    ELSE CAST(:now AS timestamptz) + interval '10 minutes' END,
  CAST(:now AS timestamptz) - interval '1 second' * i, CAST(:now AS timestamptz),
  CASE WHEN i <= 50 THEN 0 ELSE 1 END, 0, 3, 30, 'pull', NULL, NULL,
  CASE WHEN i = 1 THEN md5('schedule0')::uuid END, NULL
FROM generate_series(1, 70) i;

INSERT INTO ${prefix}jobs (id, account, name, handler, payload, status, scheduled_for, run_at,
  created_at, updated_at, attempts, released, max_retries, timeout_seconds, delivery_type, delivery,
  idempotency_key, schedule_id, last_error)
SELECT md5('push' || i)::uuid, 'default', 'push', NULL, NULL, 'pending',
  CAST(:now AS timestamptz) - interval '1 second' * i, CAST(:now AS timestamptz) - interval '1 second' * i,
  CAST(:now AS timestamptz) - interval '1 second' * i, CAST(:now AS timestamptz), 0, 0, 3, 30, 'push',
  '{"url":"http://127.0.0.1:9/hook","method":"POST","headers":{}}', NULL, NULL, NULL
FROM generate_series(1, 200) i;

-- 3,000 running jobs on three nodes, each with its running execution; ten leases have ended.
INSERT INTO ${prefix}jobs (id, account, name, handler, payload, status, scheduled_for, run_at,
  created_at, updated_at, attempts, released, max_retries, timeout_seconds, delivery_type, delivery,
  idempotency_key, schedule_id, last_error)
SELECT md5('running' || i)::uuid, 'default', 'running', 'report', NULL, 'running',
  CAST(:now AS timestamptz) - interval '1 minute', CAST(:now AS timestamptz) - interval '1 minute',
  CAST(:now AS timestamptz) - interval '1 minute', CAST(:now AS timestamptz) - interval '1 minute',
  1, 0, 3, 30, 'pull', NULL, NULL, NULL, NULL
FROM generate_series(1, 3000) i;

INSERT INTO ${prefix}executions (id, job_id, attempt, trigger_type, status, started_at,
  finished_at, lease_expires_at, error, result, node, http_status)
SELECT md5('running-execution' || i)::uuid, md5('running' || i)::uuid, 1, 'submit', 'running',
  CAST(:now AS timestamptz) - interval '1 minute', NULL,
  CASE WHEN i <= 10 THEN CAST(:now AS timestamptz) - interval '10 seconds'
    ELSE CAST(:now AS timestamptz) + interval '1 minute' END,
  NULL, NULL, 'node-' || (i % 3), NULL
FROM generate_series(1, 3000) i;

-- 5,000 schedules: 4,000 active (two due now), 1,000 archived.
INSERT INTO ${prefix}schedules (id, account, name, description, handler, status, cron,
  interval_value, interval_unit, timezone, next_run_at, runs, run_count, stop_at, delivery_type,
  delivery, payload, timeout_seconds, max_retries, misfire_policy, overlap_policy, created_at,
  updated_at, version)
SELECT md5('schedule' || k)::uuid, 'default', 'schedule ' || k, NULL, 'report',
  CASE WHEN k < 4000 THEN 'active' ELSE 'archived' END, NULL, 1, 'hours', 'UTC',
  CASE WHEN k < 2 THEN CAST(:now AS timestamptz) - interval '1 minute'
    WHEN k < 4000 THEN CAST(:now AS timestamptz) + interval '1 minute' * k END,
  NULL, 10, NULL, 'pull', NULL, NULL, 30, 3, 'run_once', 'skip',
  CAST(:now AS timestamptz) - interval '1 day', CAST(:now AS timestamptz) - interval '1 day', 1
FROM generate_series(0, 4999) k;
