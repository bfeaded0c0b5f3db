-- Inserts many running executions from arrays in one statement.
INSERT INTO ${prefix}executions (id, job_id, attempt, trigger_type, status, started_at,
  lease_expires_at, node)
SELECT v.id, v.job_id, v.attempt, v.trigger_type, 'running', :startedAt, v.lease, :node
FROM unnest(CAST(:ids AS uuid[]), CAST(:jobIds AS uuid[]), CAST(:attempts AS integer[]),
  CAST(:triggers AS text[]), CAST(CAST(:leases AS text[]) AS timestamptz[]))
  AS v(id, job_id, attempt, trigger_type, lease)
