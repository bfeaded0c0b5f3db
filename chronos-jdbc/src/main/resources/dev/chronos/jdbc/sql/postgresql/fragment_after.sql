-- The condition of a page read after a cursor: the row comparison follows the list indexes'
-- (created_at DESC, id DESC) order, so it is an index bound.
 AND (created_at, id) < (:afterCreatedAt, :afterId)
