-- Ends many running executions in one statement, joined by id to arrays of their outcomes, each
-- fenced by its status and, unless late outcomes are allowed, its lease; returns those that changed.
UPDATE ${prefix}executions e SET status = v.status, finished_at = :now, error = v.error,
  result = CAST(v.result AS jsonb), http_status = v.http_status
FROM unnest(CAST(:ids AS uuid[]), CAST(:statuses AS text[]), CAST(:errors AS text[]),
  CAST(:results AS text[]), CAST(:httpStatuses AS integer[]), CAST(:late AS boolean[]))
  AS v(id, status, error, result, http_status, late)
WHERE e.id = v.id AND e.status = 'running' AND (e.lease_expires_at >= :now OR v.late)
RETURNING e.*
