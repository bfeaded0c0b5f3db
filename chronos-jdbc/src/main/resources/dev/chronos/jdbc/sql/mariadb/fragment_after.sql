-- The condition of a page read after a cursor; the first part bounds the list index's range.
 AND created_at <= :afterCreatedAt AND (created_at < :afterCreatedAt OR id < :afterId)
