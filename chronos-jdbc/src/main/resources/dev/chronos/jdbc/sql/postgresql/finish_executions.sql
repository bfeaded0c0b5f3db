-- Ends many running executions in one statement, joined by id to arrays of their outcomes, each
-- fenced by its status and, unless late outcomes are allowed, its lease; returns those that ended
-- (their columns prefixed e_) with their jobs as they are now, so that nothing is read back. The
-- rows are found by primary key (id = ANY): the status is tested as coalesce(status, '') so that
-- the planner cannot instead walk the partial index of every running execution (its predicate is
-- status = 'running') and filter it by id.
WITH ended AS (
  UPDATE ${prefix}executions e SET status = v.status, finished_at = :now, error = v.error,
    result = CAST(v.result AS jsonb), http_status = v.http_status
  FROM unnest(CAST(:ids AS uuid[]), CAST(:statuses AS text[]), CAST(:errors AS text[]),
    CAST(:results AS text[]), CAST(:httpStatuses AS integer[]), CAST(:late AS boolean[]))
    AS v(id, status, error, result, http_status, late)
  WHERE e.id = v.id AND e.id = ANY(CAST(:ids AS uuid[])) AND coalesce(e.status, '') = 'running'
    AND (e.lease_expires_at >= :now OR v.late)
  RETURNING e.*)
SELECT
  ended.id AS e_id,
  ended.job_id AS e_job_id,
  ended.attempt AS e_attempt,
  ended.trigger_type AS e_trigger_type,
  ended.status AS e_status,
  ended.started_at AS e_started_at,
  ended.finished_at AS e_finished_at,
  ended.lease_expires_at AS e_lease_expires_at,
  ended.error AS e_error,
  ended.result AS e_result,
  ended.node AS e_node,
  ended.http_status AS e_http_status,
  j.*
FROM ended JOIN ${prefix}jobs j ON j.id = ended.job_id
