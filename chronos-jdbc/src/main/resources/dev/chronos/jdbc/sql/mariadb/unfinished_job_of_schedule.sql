-- Whether a schedule has a job that has not finished (overlap: skip).
SELECT id FROM ${prefix}jobs
WHERE schedule_id = :scheduleId AND status IN ('pending', 'retrying', 'running') LIMIT 1
