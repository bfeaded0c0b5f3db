-- Moves many running jobs on after their outcomes in one statement, joined by id to arrays. The
-- attempt that ended used up a trigger set by hand (next_trigger).
UPDATE ${prefix}jobs j SET status = v.status, run_at = v.run_at, updated_at = :now,
  last_error = v.last_error, released = j.released + v.released, next_trigger = NULL
FROM unnest(CAST(:ids AS uuid[]), CAST(:statuses AS text[]),
  CAST(CAST(:runAts AS text[]) AS timestamptz[]), CAST(:lastErrors AS text[]),
  CAST(:released AS integer[]))
  AS v(id, status, run_at, last_error, released)
WHERE j.id = v.id AND j.status = 'running'
