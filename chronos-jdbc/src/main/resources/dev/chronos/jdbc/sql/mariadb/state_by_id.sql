-- Why an operation by hand changed nothing: the job's status and the trigger set by hand, if any.
SELECT status, next_trigger FROM ${prefix}jobs WHERE id = :id
