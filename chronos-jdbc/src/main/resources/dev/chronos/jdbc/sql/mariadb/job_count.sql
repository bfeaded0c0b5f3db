-- How many jobs match, counted up to :cap only, so that a page of a big table never counts it all.
SELECT COUNT(*) FROM (SELECT 1 FROM ${prefix}jobs WHERE account = :account${where} LIMIT :cap) m
