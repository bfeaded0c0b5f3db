-- A schedule's jobs that have not started (archive, pause).
SELECT id FROM ${prefix}jobs WHERE schedule_id = :scheduleId AND status IN ('pending', 'retrying')
