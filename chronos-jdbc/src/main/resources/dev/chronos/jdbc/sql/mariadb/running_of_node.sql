-- A node's running executions, earliest started first.
SELECT * FROM ${prefix}executions WHERE status = 'running' AND node = :node
ORDER BY started_at, id LIMIT :limit
