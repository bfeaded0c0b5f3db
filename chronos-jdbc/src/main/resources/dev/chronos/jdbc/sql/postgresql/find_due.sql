-- Runnable jobs a node takes, due by the horizon, earliest first: for each of its pull handlers
-- (:handlers, possibly none) the earliest from the per-handler due index, and when :push the
-- earliest push jobs from the push due index; merged, then the earliest :limit. Each read stops at
-- :limit however many jobs of other handlers are due.
SELECT d.id, d.run_at FROM (
  SELECT p.id, p.run_at FROM unnest(CAST(:handlers AS text[])) AS h(name)
  CROSS JOIN LATERAL (
    SELECT id, run_at FROM ${prefix}jobs
    WHERE status IN ('pending', 'retrying') AND delivery_type = 'pull' AND handler = h.name
      AND run_at <= :horizon
    ORDER BY run_at, id LIMIT :limit) p
  UNION ALL
  (SELECT id, run_at FROM ${prefix}jobs
    WHERE :push AND status IN ('pending', 'retrying') AND delivery_type = 'push'
      AND run_at <= :horizon
    ORDER BY run_at, id LIMIT :limit)) d
ORDER BY d.run_at, d.id LIMIT :limit
