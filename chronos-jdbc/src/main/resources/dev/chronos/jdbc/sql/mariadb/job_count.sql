-- How many jobs of one list lane match (one status, or all), counted up to :cap only, so that a
-- page of a big table never counts it all. Read in the lane's list index order (as
-- job_page_keys.sql), so that the plan is that index and stops at :cap for every status, also as a
-- generic plan of a prepared statement, which does not know the status (sorting the whole table
-- would cost more than the index).
SELECT COUNT(*) FROM (SELECT 1 FROM ${prefix}jobs WHERE account = :account${where}
  ORDER BY created_at DESC, id DESC LIMIT :cap) m
