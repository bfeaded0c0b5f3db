-- The positions (created_at, id) of a page of an account's jobs, newest first, straight from a list
-- index (only the keys: the rows are then read by id). ${where} is built from the code's fixed
-- conditions: the filters, one status per read (several statuses are read apart and merged, each
-- in its index's order), and the cursor's position.
SELECT created_at, id FROM ${prefix}jobs WHERE account = :account${where}
ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset
