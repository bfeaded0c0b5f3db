-- The executions of these ids (their columns prefixed e_) with their jobs, in one read: the
-- outcomes just written, and what moving each job on needs.
SELECT
  e.id AS e_id,
  e.job_id AS e_job_id,
  e.attempt AS e_attempt,
  e.trigger_type AS e_trigger_type,
  e.status AS e_status,
  e.started_at AS e_started_at,
  e.finished_at AS e_finished_at,
  e.lease_expires_at AS e_lease_expires_at,
  e.error AS e_error,
  e.result AS e_result,
  e.node AS e_node,
  e.http_status AS e_http_status,
  j.*
FROM ${prefix}executions e JOIN ${prefix}jobs j ON j.id = e.job_id
WHERE e.id IN (<ids>)
