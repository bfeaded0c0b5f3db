-- Runnable jobs the selector takes (${selects}: one of the code's fixed conditions on the
-- delivery type and handler), due by the horizon, earliest first.
SELECT id, run_at FROM ${prefix}jobs
WHERE status IN ('pending', 'retrying') AND run_at <= :horizon AND ${selects}
ORDER BY run_at, id LIMIT :limit
