-- Cancels the listed jobs that have not started (or wait for a retry), locking in id order.
WITH t AS (SELECT id FROM ${prefix}jobs WHERE id IN (<ids>) ORDER BY id FOR UPDATE)
UPDATE ${prefix}jobs j SET status = 'cancelled', updated_at = :now
FROM t WHERE j.id = t.id AND j.status IN ('pending', 'retrying')
RETURNING j.*
