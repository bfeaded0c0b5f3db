-- Runnable jobs a node takes, due from :from (the feeder's last horizon, or any time) by the
-- horizon, earliest first: ${lanes} is one branch per pull
-- handler of the node (find_due_lane_pull.sql) and one for push jobs (find_due_lane_push.sql),
-- joined by UNION ALL. Each branch reads its own due index in (run_at, id) order, and the planner
-- merges them in that order (Merge Append) and stops at :limit: the read costs about :limit rows
-- however many handlers the node has and however many jobs of other handlers are due.
SELECT id, run_at FROM (
${lanes}
) d ORDER BY run_at, id LIMIT :limit
